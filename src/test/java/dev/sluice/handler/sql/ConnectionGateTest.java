package dev.sluice.handler.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The admission queue in front of a pool: order, hand-over, timeouts and interrupts. */
class ConnectionGateTest {
  private static final long FAR = TimeUnit.MINUTES.toNanos(1);

  private static void awaitWaiting(ConnectionGate g, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (g.waiting() != n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
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
