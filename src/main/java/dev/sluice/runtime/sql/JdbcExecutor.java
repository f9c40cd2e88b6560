package dev.sluice.runtime.sql;

import dev.sluice.runtime.http.Deadline;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link StatementExecutor} of a JDBC {@link Datasource} (HikariCP with pgjdbc, or H2). Per
 * request: take a connection from the read-only pool for GET and HEAD or the read-write pool
 * otherwise (in arrival order, {@link Datasource#connection}), prepare the route's statement
 * (pgjdbc server-prepares it after a few uses per connection), bind the values ({@link
 * ParamBinder}), execute with the request's deadline set to cancel it, hand the rows ({@link
 * JdbcRows}) or the count to the outcome, return the connection.
 */
final class JdbcExecutor implements StatementExecutor {
  private final Datasource datasource;

  JdbcExecutor(Datasource datasource) {
    this.datasource = datasource;
  }

  @Override
  public Prepared prepare(StatementPlan plan) {
    return new Statement(datasource, plan);
  }

  /** A route's statement on JDBC: its {@code ?} text, generated-key columns and timeouts. */
  private static final class Statement implements Prepared {
    private final Datasource datasource;
    private final StatementPlan plan;
    private final String jdbcSql;
    private final String[] returning;
    private final StatementPlan.Placeholder[] placeholders;
    private final int timeoutSeconds;

    Statement(Datasource datasource, StatementPlan plan) {
      this.datasource = datasource;
      this.plan = plan;
      this.jdbcSql = plan.sql().jdbcSql();
      this.returning = plan.returning().toArray(String[]::new);
      this.placeholders = plan.placeholders().toArray(StatementPlan.Placeholder[]::new);
      // JDBC's query timeout has whole seconds: rounded up
      this.timeoutSeconds =
          plan.timeout().map(t -> (int) Math.max(1, (t.toMillis() + 999) / 1000)).orElse(0);
    }

    @Override
    @SuppressWarnings("try") // the deadline registration is held only for its close()
    public <T> T run(
        ParamValue[] values, boolean readOnly, StatementDeadline deadline, Outcome<T> outcome)
        throws IOException {
      try (ConnectionLease lease = datasource.connection(readOnly);
          PreparedStatement ps = prepare(lease.connection())) {
        if (timeoutSeconds > 0) {
          ps.setQueryTimeout(timeoutSeconds);
        }
        if (plan.fetchLimit() > 0) {
          ps.setMaxRows(plan.fetchLimit());
        }
        for (int i = 0; i < placeholders.length; i++) {
          ParamBinder.bind(ps, i + 1, placeholders[i].type(), placeholders[i].array(), values[i]);
        }
        try (Deadline.Registration cancel = deadline.onExpiry(ps::cancel)) {
          return plan.measured(() -> execute(ps, outcome));
        }
      } catch (SQLException e) {
        throw failed(e);
      }
    }

    private <T> T execute(PreparedStatement ps, Outcome<T> outcome) throws IOException {
      try {
        if (!plan.rows()) {
          return outcome.updated(ps.executeUpdate());
        }
        ResultSet rs;
        if (returning.length > 0) {
          ps.executeUpdate();
          rs = ps.getGeneratedKeys();
        } else {
          rs = ps.executeQuery();
        }
        try (rs) {
          return outcome.rows(new JdbcRows(rs));
        }
      } catch (SQLException e) {
        throw failed(e);
      }
    }

    /** The failure, told to the datasource's health (a lost connection makes it probe). */
    private SqlFailure failed(SQLException e) {
      SqlFailure f = JdbcFailures.of(e);
      datasource.health().observe(f);
      return f;
    }

    private PreparedStatement prepare(Connection c) throws SQLException {
      return returning.length > 0
          ? c.prepareStatement(jdbcSql, returning)
          : c.prepareStatement(jdbcSql);
    }

    /**
     * pgjdbc sends Parse/Describe. Outside requests no watchdog guards the connection, so its reads
     * get a timeout of their own: a database that goes silent cannot hang {@code validate-config
     * --check-sql}.
     */
    @Override
    public Description describe(boolean readOnly) {
      try (Connection c = datasource.pool(readOnly).getConnection()) {
        if (!datasource.embedded()) { // H2 in memory has no socket
          c.setNetworkTimeout(
              Runnable::run,
              (int)
                  Math.min(
                      Integer.MAX_VALUE,
                      datasource
                          .spec()
                          .connectionTimeout()
                          .plus(Datasource.STALL_GRACE)
                          .toMillis()));
        }
        try (PreparedStatement ps = prepare(c)) {
          List<Description.ParamTypeInfo> params = new ArrayList<>();
          if (!datasource.embedded()) {
            ParameterMetaData pmd = ps.getParameterMetaData();
            for (int i = 1; i <= pmd.getParameterCount(); i++) {
              params.add(
                  new Description.ParamTypeInfo(
                      pmd.getParameterType(i), pmd.getParameterTypeName(i)));
            }
          }
          ResultSetMetaData md = returning.length == 0 ? ps.getMetaData() : null;
          ResultColumns columns =
              md == null ? Description.NO_COLUMNS : CopiedColumns.of(new JdbcColumns(md));
          return new Description(params, columns);
        }
      } catch (SQLException e) {
        throw failed(e);
      }
    }
  }
}
