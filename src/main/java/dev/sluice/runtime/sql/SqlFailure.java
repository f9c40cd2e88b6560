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
  private final boolean knownDown;

  SqlFailure(SqlErrorFacts facts, Throwable cause) {
    this(facts, cause, false);
  }

  private SqlFailure(SqlErrorFacts facts, Throwable cause, boolean knownDown) {
    super(facts.message(), cause);
    this.facts = facts;
    this.knownDown = knownDown;
  }

  /**
   * The failure of a request that was not sent to the database because it is known to be down
   * ({@link DatasourceHealth#down()}): SQLSTATE 08001, answered 503 with {@code Retry-After}; the
   * outage itself was logged once, so the request is not.
   */
  public static SqlFailure knownDown(String datasource, ConnectFailure why) {
    return new SqlFailure(
        SqlErrorFacts.of(
            "08001", "datasource " + datasource + " is known to be down: " + why.reason().text()),
        null,
        true);
  }

  /** Whether this is a {@link #knownDown} failure. */
  public boolean knownDown() {
    return knownDown;
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
