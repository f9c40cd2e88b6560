package dev.sluice.runtime.sql;

/**
 * What a failed statement tells, whatever the driver: the SQLSTATE, the server's message, and the
 * constraint, table and column it names. Absent values are empty. A driver gathers them ({@link
 * JdbcFailures} from an {@code SQLException}, its chain and the server's error fields) and {@link
 * SqlErrors} decides the answer from them alone.
 *
 * @param sqlState the SQLSTATE
 * @param message the server's primary message (no SQL, no position), else the driver's
 * @param constraint the violated constraint
 * @param table the table of the constraint (PostgreSQL)
 * @param column the column of a not-null violation
 * @param foreignKey for a foreign key violation: whether the referenced row is missing (insert) or
 *     still referenced (delete), when the driver tells
 * @param poolTimeout no SQLSTATE: no connection of the pool became free in time (HikariCP's
 *     "Connection is not available, request timed out" when every connection is in use)
 * @param connectionClass no SQLSTATE, but the driver says the connection failed
 * @param timeoutClass no SQLSTATE, but the driver says the statement timed out
 */
record SqlErrorFacts(
    String sqlState,
    String message,
    String constraint,
    String table,
    String column,
    ForeignKey foreignKey,
    boolean poolTimeout,
    boolean connectionClass,
    boolean timeoutClass) {

  /** Which side of a foreign key a violation is on. */
  enum ForeignKey {
    UNKNOWN,
    MISSING_REFERENCED_ROW,
    STILL_REFERENCED
  }

  /** Facts of a failure with a SQLSTATE and a message only. */
  static SqlErrorFacts of(String sqlState, String message) {
    return new SqlErrorFacts(
        sqlState, message, "", "", "", ForeignKey.UNKNOWN, false, false, false);
  }
}
