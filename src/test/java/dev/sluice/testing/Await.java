package dev.sluice.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Waits on a condition with a deadline instead of a fixed sleep: polls (every 10 ms at first, then
 * less often, at most every 200 ms) until the condition holds, and fails with {@code what} and the
 * last value seen when the deadline passes first. A poll that throws counts as "not yet" (a server
 * still starting refuses connections); its exception is reported if the deadline passes.
 */
public final class Await {
  private static final long FIRST_POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 200;

  private Await() {}

  /** A condition that may throw (an HTTP request, a query). */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** Returns once {@code condition} holds; fails saying {@code what} at {@code timeout}. */
  public static void until(String what, Duration timeout, Condition condition) {
    value(what, timeout, condition::holds, Boolean::booleanValue);
  }

  /**
   * The first value of {@code poll} that {@code done} accepts; fails at {@code timeout} saying
   * {@code what} and the last value (or exception) seen.
   */
  public static <T> T value(String what, Duration timeout, Callable<T> poll, Predicate<T> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_POLL_MILLIS;
    Object last = "nothing (no poll finished)";
    Exception failure = null;
    while (true) {
      try {
        T v = poll.call();
        if (done.test(v)) {
          return v;
        }
        last = v;
        failure = null;
      } catch (Exception e) {
        last = e;
        failure = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        AssertionError error =
            new AssertionError("waited " + timeout + " for " + what + "; last seen: " + last);
        if (failure != null) {
          error.initCause(failure);
        }
        throw error;
      }
      sleep(Math.min(pause, Math.max(1, left / 1_000_000)));
      pause = Math.min(pause * 2, MAX_POLL_MILLIS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting", e);
    }
  }
}
