package dev.sluice.runtime.sql;

import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.Exchange;

/**
 * The request's deadline ({@code timeout} middleware) as a running statement sees it, or none. A
 * driver that can cancel a statement registers the cancel ({@link #onExpiry}); one that cannot (a
 * pipelined connection, where a cancel would hit whatever runs on it) stops waiting after {@link
 * #remainingNanos}.
 */
public final class StatementDeadline {
  /** No deadline. */
  public static final StatementDeadline NONE = new StatementDeadline(null);

  private final Deadline deadline; // null: none

  private StatementDeadline(Deadline deadline) {
    this.deadline = deadline;
  }

  /** The exchange's deadline, or {@link #NONE}. */
  public static StatementDeadline of(Exchange ex) {
    return Deadline.of(ex).map(StatementDeadline::new).orElse(NONE);
  }

  /**
   * Runs {@code cancel} when the deadline passes, until the registration is closed; throws the
   * deadline's 504 when it has passed already, so the statement is not sent.
   */
  public Deadline.Registration onExpiry(Deadline.Hook cancel) {
    return deadline == null ? () -> {} : deadline.register(cancel);
  }

  /** Nanoseconds left ({@link Long#MAX_VALUE} without a deadline). */
  public long remainingNanos() {
    return deadline == null ? Long.MAX_VALUE : deadline.remainingNanos();
  }
}
