package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admission queue in front of a pool: order, hand-over, timeouts and interrupts. */
class ConnectionGateTest {
  private static final long FAR = TimeUnit.MINUTES.toNanos(1);

  private static void awaitWaiting(ConnectionGate g, int n) throws InterruptedException {
    Await.until(n + " waiting", Duration.ofSeconds(5), () -> g.waiting() == n);
    assertThat("waiting", g.waiting(), is(n));
  }

  @Test
  void permitsAreTakenWithoutWaitingUntilNoneAreLeft() throws Exception {
    ConnectionGate g = new ConnectionGate(2);
    assertThat(g.acquire(System.nanoTime() + FAR), is(true));
    assertThat(g.acquire(System.nanoTime() + FAR), is(true));
    // none left: the deadline has passed by the first sweep
    CompletableFuture<Boolean> third = async(() -> g.acquire(System.nanoTime()));
    awaitWaiting(g, 1);
    g.expire(System.nanoTime());
    assertThat(third.get(5, TimeUnit.SECONDS), is(false));
    assertThat(g.waiting(), is(0));
  }

  @Test
  void aReleasedPermitGoesToTheOldestWaiterNotToANewcomer() throws Exception {
    ConnectionGate g = new ConnectionGate(1);
    g.acquire(System.nanoTime() + FAR);
    List<String> order = new CopyOnWriteArrayList<>();
    CompletableFuture<?>[] waiters = new CompletableFuture<?>[3];
    for (int i = 0; i < 3; i++) {
      String name = "w" + i;
      waiters[i] =
          async(
              () -> {
                boolean in = g.acquire(System.nanoTime() + FAR);
                order.add(name);
                g.release();
                return in;
              });
      awaitWaiting(g, i + 1);
    }
    g.release();
    CompletableFuture.allOf(waiters).get(5, TimeUnit.SECONDS);
    assertThat(order, is(List.of("w0", "w1", "w2")));
    // the one permit is back: taken at once, and then there is none
    assertThat(g.acquire(System.nanoTime() + FAR), is(true));
    CompletableFuture<Boolean> late = async(() -> g.acquire(System.nanoTime() + 1));
    awaitWaiting(g, 1);
    g.expire(System.nanoTime() + FAR);
    assertThat(late.get(5, TimeUnit.SECONDS), is(false));
  }

  @Test
  void aNewcomerQueuesBehindAWaiterThatWasHandedThePermit() throws Exception {
    ConnectionGate g = new ConnectionGate(1);
    g.acquire(System.nanoTime() + FAR);
    CompletableFuture<Boolean> first = async(() -> g.acquire(System.nanoTime() + FAR));
    awaitWaiting(g, 1);
    g.release(); // handed to the waiter, which keeps it
    assertThat(first.get(5, TimeUnit.SECONDS), is(true));
    CompletableFuture<Boolean> newcomer = async(() -> g.acquire(System.nanoTime() + FAR));
    awaitWaiting(g, 1); // it waits: the permit did not go back to the count
    g.expire(System.nanoTime() + 2 * FAR);
    assertThat(newcomer.get(5, TimeUnit.SECONDS), is(false));
  }

  @Test
  void underRacingReleasesExpiriesAndInterruptsNoPermitIsLostOrMade() throws Exception {
    int permits = 3;
    ConnectionGate g = new ConnectionGate(permits);
    java.util.concurrent.atomic.AtomicInteger inside =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger most =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    for (int t = 0; t < 16; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < 300; i++) {
                      try {
                        if (g.acquire(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2))) {
                          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                          Thread.onSpinWait();
                          inside.decrementAndGet();
                          g.release();
                        }
                      } catch (InterruptedException e) {
                        // interrupted while queued: try again
                      }
                    }
                  }));
    }
    Thread sweeper =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    g.expire(System.nanoTime());
                    threads.get((int) (System.nanoTime() % threads.size())).interrupt();
                    Thread.yield();
                  }
                });
    for (Thread t : threads) {
      assertThat(t.join(java.time.Duration.ofSeconds(30)), is(true));
    }
    sweeper.interrupt();
    sweeper.join();
    assertThat("never more inside than permits", most.get() <= permits, is(true));
    assertThat(g.waiting(), is(0));
    // exactly the permits are left: all can be taken at once, and one more waits
    for (int i = 0; i < permits; i++) {
      assertThat(g.acquire(System.nanoTime() + FAR), is(true));
    }
    CompletableFuture<Boolean> extra = async(() -> g.acquire(System.nanoTime() + FAR));
    awaitWaiting(g, 1);
    g.expire(System.nanoTime() + 2 * FAR);
    assertThat(extra.get(5, TimeUnit.SECONDS), is(false));
  }

  @Test
  void expireAllEndsEveryWait() throws Exception {
    ConnectionGate g = new ConnectionGate(0);
    CompletableFuture<Boolean> a = async(() -> g.acquire(System.nanoTime() + FAR));
    awaitWaiting(g, 1);
    CompletableFuture<Boolean> b = async(() -> g.acquire(System.nanoTime() + FAR));
    awaitWaiting(g, 2);
    g.expireAll();
    assertThat(a.get(5, TimeUnit.SECONDS), is(false));
    assertThat(b.get(5, TimeUnit.SECONDS), is(false));
    assertThat(g.waiting(), is(0));
  }

  @Test
  void expiryEndsOnlyTheWaitsThatArePastTheirDeadline() throws Exception {
    ConnectionGate g = new ConnectionGate(0);
    long now = System.nanoTime();
    CompletableFuture<Boolean> soon = async(() -> g.acquire(now + 1_000));
    awaitWaiting(g, 1);
    CompletableFuture<Boolean> later = async(() -> g.acquire(now + FAR));
    awaitWaiting(g, 2);
    g.expire(now + 2_000);
    assertThat(soon.get(5, TimeUnit.SECONDS), is(false));
    assertThat(g.waiting(), is(1));
    g.release();
    assertThat(later.get(5, TimeUnit.SECONDS), is(true));
  }

  @Test
  void anInterruptedWaiterLeavesTheQueueAndKeepsNoPermit() throws Exception {
    ConnectionGate g = new ConnectionGate(1);
    g.acquire(System.nanoTime() + FAR);
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () ->
                    failure.complete(
                        assertThrows(
                            InterruptedException.class, () -> g.acquire(System.nanoTime() + FAR))));
    awaitWaiting(g, 1);
    t.interrupt();
    assertThat(failure.get(5, TimeUnit.SECONDS) instanceof InterruptedException, is(true));
    assertThat(g.waiting(), is(0));
    g.release();
    // the permit was not lost to the interrupted waiter
    assertThat(g.acquire(System.nanoTime() + FAR), is(true));
  }

  private interface Body<T> {
    T run() throws Exception;
  }

  private static <T> CompletableFuture<T> async(Body<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(body.run());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            });
    return f;
  }
}
