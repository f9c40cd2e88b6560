package dev.sluice.runtime.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * When {@link Deadline}s pass: one timer thread per runtime. It only starts a virtual thread per
 * expired deadline; the hooks (a cancel is a network round trip) run there, never on the timer.
 */
public final class DeadlineTimer implements AutoCloseable {
  private final ScheduledThreadPoolExecutor executor;

  public DeadlineTimer() {
    executor =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "sluice-deadlines");
              t.setDaemon(true);
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /**
   * Schedules {@code d}; once the runtime is closed (a reload), requests still running on it keep
   * their deadline for the answer but nothing is cancelled any more.
   */
  public Future<?> schedule(Deadline d) {
    try {
      return executor.schedule(
          () -> Thread.ofVirtual().name("sluice-deadline").start(d::fire),
          Math.max(0, d.remainingNanos()),
          TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Deadlines scheduled and not yet passed or cancelled (for tests). */
  public int pending() {
    return executor.getQueue().size();
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
