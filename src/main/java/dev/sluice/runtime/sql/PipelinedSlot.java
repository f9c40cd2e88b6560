package dev.sluice.runtime.sql;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A connection and its place: {@link #sent} counts a statement until its answer, and keeps when
 * each unanswered one was sent (PostgreSQL answers a connection's statements in order, so the
 * oldest is the one it runs now).
 */
@SuppressWarnings("ReferenceEquality") // a connection is this very one, never an equal one
final class PipelinedSlot {
  volatile PgConnection connection; // the statements' connection, when open
  volatile Future<PgConnection> connecting; // the attempt under way
  final AtomicInteger inFlight = new AtomicInteger();
  private final ConcurrentLinkedQueue<Long> sentAt = new ConcurrentLinkedQueue<>();
  final AtomicLong nextAttempt = new AtomicLong(System.nanoTime());

  PgConnection connection() {
    return connection;
  }

  /** Counts a statement sent on this connection until {@code answer} completes. */
  <T> Future<T> sent(Future<T> answer) {
    inFlight.incrementAndGet();
    Long at = System.nanoTime();
    sentAt.add(at);
    answer.onComplete(
        r -> {
          sentAt.remove(at); // its own time (the oldest, unless answers came out of order)
          inFlight.decrementAndGet();
        });
    return answer;
  }

  /** Whether the statement the server runs now on this connection was sent before {@code t}. */
  boolean busySince(long t) {
    Long oldest = sentAt.peek();
    return oldest != null && oldest - t < 0;
  }

  /** How long the statement the server runs now on this connection has waited (0: none). */
  long busyNanos(long now) {
    Long oldest = sentAt.peek();
    return oldest == null ? 0 : Math.max(0, now - oldest);
  }

  /**
   * Takes a connection the driver found closed out of this slot before its close handler does, so
   * no other statement picks it; the slot opens a new one.
   */
  void forget(PgConnection c) {
    if (connection == c) {
      connection = null;
    }
  }

  /**
   * Closes the connection (its statements in flight fail): the server gave no answer long after the
   * statement timeout, so the host or the network is gone.
   */
  void closeStalled(PgConnection c) {
    if (connection == c) {
      connection = null;
    }
    c.close();
  }
}
