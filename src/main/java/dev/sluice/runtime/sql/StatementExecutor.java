package dev.sluice.runtime.sql;

import java.io.IOException;

/**
 * How the SQL handler reaches a datasource's database: the one seam between Sluice's SQL rules
 * (parameters read and checked, values bound by their declared type, rows written as JSON, failures
 * mapped to HTTP — all in this package, for every driver) and a driver. {@link JdbcExecutor}
 * (HikariCP with pgjdbc, and H2) is the implementation; a pipelined PostgreSQL driver can stand
 * beside it by implementing this, {@link ResultRows} and its failures as {@link SqlFailure}.
 *
 * <pre>
 * Prepared statement = executor.prepare(plan);           // when the route is built
 * byte[] body = statement.run(values, readOnly, deadline, outcome);   // per request
 * </pre>
 */
public interface StatementExecutor {
  /**
   * Prepares a route's statement for this driver, once, when the route is built; connects nowhere.
   */
  Prepared prepare(StatementPlan plan);

  /** A route's statement, ready to run on this executor's database. */
  interface Prepared {
    /**
     * Runs the statement with {@code values} (one per placeholder, in placeholder order, of the
     * placeholder's declared type) and gives its outcome to {@code outcome} while the result is
     * held, inside {@link StatementPlan#measured}.
     *
     * @param readOnly GET and HEAD: on a session that refuses writes
     * @param deadline the request's deadline: the statement is cancelled, or its result dropped,
     *     when it passes (the handler then answers the deadline's 504)
     * @throws SqlFailure when the database or the driver failed (no connection, a constraint, a
     *     timeout, ...)
     */
    <T> T run(ParamValue[] values, boolean readOnly, StatementDeadline deadline, Outcome<T> outcome)
        throws IOException;

    /**
     * Has the database describe the statement without running it: the types it infers for the
     * placeholders and the result's columns ({@code validate-config --check-sql}). Bounded in time
     * even when the database goes silent.
     *
     * @throws SqlFailure when the database rejects the statement or cannot be reached
     */
    Description describe(boolean readOnly);
  }
}
