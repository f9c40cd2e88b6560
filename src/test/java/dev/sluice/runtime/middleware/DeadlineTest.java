package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.DeadlineTimer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeadlineTest {
  @Test
  void hooksRunOnceWhenFiredAndNotAfterTheirRegistrationIsClosed() {
    Deadline d = new Deadline(System.nanoTime(), Duration.ofHours(1));
    AtomicInteger kept = new AtomicInteger();
    AtomicInteger removed = new AtomicInteger();
    d.register(kept::incrementAndGet);
    d.register(removed::incrementAndGet).close();
    d.fire();
    d.fire();
    assertThat(kept.get(), is(1));
    assertThat(removed.get(), is(0));
    // once fired, new work is refused instead of started
    ProblemException p = assertThrows(ProblemException.class, () -> d.register(() -> {}));
    assertThat(p.status().code(), is(504));
    assertThat(p.detail(), is("the request did not complete within its 1h deadline"));
  }

  @Test
  void registeringAfterTheDeadlinePassedIsA504() {
    Deadline d = new Deadline(System.nanoTime() - 1_000_000_000L, Duration.ofMillis(250));
    assertThat(d.passed(), is(true));
    ProblemException p = assertThrows(ProblemException.class, () -> d.register(() -> {}));
    assertThat(p.detail(), is("the request did not complete within its 250ms deadline"));
  }

  @Test
  void closingARegistrationWaitsForItsRunningHook() throws Exception {
    Deadline d = new Deadline(System.nanoTime(), Duration.ofHours(1));
    CountDownLatch hookStarted = new CountDownLatch(1);
    AtomicInteger done = new AtomicInteger();
    Deadline.Registration r =
        d.register(
            () -> {
              hookStarted.countDown();
              Thread.sleep(200);
              done.incrementAndGet();
            });
    Thread.ofVirtual().start(d::fire);
    assertThat(hookStarted.await(5, TimeUnit.SECONDS), is(true));
    long t = System.nanoTime();
    r.close(); // e.g. the statement finished: its connection goes back only after the cancel
    assertThat(done.get(), is(1));
    assertThat((System.nanoTime() - t) / 1_000_000, greaterThanOrEqualTo(100L));
  }

  @Test
  void theTimerFiresAtTheDeadlineAndForgetsCancelledOnes() throws Exception {
    try (DeadlineTimer timer = new DeadlineTimer()) {
      Deadline soon = new Deadline(System.nanoTime(), Duration.ofMillis(100));
      CountDownLatch fired = new CountDownLatch(1);
      soon.register(fired::countDown);
      timer.schedule(soon);
      Deadline later = new Deadline(System.nanoTime(), Duration.ofHours(1));
      timer.schedule(later).cancel(false);
      assertThat(fired.await(5, TimeUnit.SECONDS), is(true));
      assertThat(timer.pending(), is(0));
    }
  }
}
