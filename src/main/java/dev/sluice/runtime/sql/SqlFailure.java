package dev.sluice.runtime.sql;

/**
 * A statement that failed, in terms every driver can give: its {@link SqlErrorFacts} (SQLSTATE,
 * server message, constraint, ...). Thrown by a {@link StatementExecutor} and by the reads of a
 * {@link ResultRows}; {@link SqlErrors} turns it into the answer and the log fields. The driver's
 * own exception is the cause (for the log's stack trace, never for a client).
 */
public final class SqlFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient SqlErrorFacts facts;

  SqlFailure(SqlErrorFacts facts, Throwable cause) {
    super(facts.message(), cause);
    this.facts = facts;
  }

  /** A failure of Sluice's own finding (no driver exception), such as duplicate column labels. */
  static SqlFailure of(String sqlState, String message) {
    return new SqlFailure(SqlErrorFacts.of(sqlState, message), null);
  }

  SqlErrorFacts facts() {
    return facts;
  }

  /** The SQLSTATE, or empty when the driver gave none (a pool timeout, a broken connection). */
  public String sqlState() {
    return facts.sqlState();
  }

  /**
   * What a span's {@code error.type} says: the SQLSTATE, else the class name of the driver's
   * exception.
   */
  public String errorType() {
    if (!facts.sqlState().isEmpty()) {
      return facts.sqlState();
    }
    return getCause() != null ? getCause().getClass().getName() : getClass().getName();
  }
}
