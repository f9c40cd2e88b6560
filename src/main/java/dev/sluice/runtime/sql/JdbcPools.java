package dev.sluice.runtime.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.spec.DatasourceSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * How a {@link Datasource}'s HikariCP pools are configured: on PostgreSQL the session options
 * (statement timeout, read-only sessions for the read-only pool), connect timeout and keep-alive;
 * the embedded H2 database in PostgreSQL mode, created and seeded from its init scripts.
 */
final class JdbcPools {
  private static final java.util.concurrent.atomic.AtomicLong EMBEDDED_INSTANCES =
      new java.util.concurrent.atomic.AtomicLong();
  private static final java.time.Duration EMBEDDED_CONNECT = java.time.Duration.ofSeconds(30);

  private JdbcPools() {}

  /**
   * A pool of PostgreSQL connections; the read-only pool's sessions start with {@code
   * default_transaction_read_only=on}.
   */
  static HikariDataSource postgres(DatasourceSpec spec, boolean readOnlyPool, int minimumIdle) {
    HikariConfig c = common(spec, readOnlyPool ? "ro" : "rw");
    c.setJdbcUrl(spec.url());
    if (!spec.user().isEmpty()) {
      c.setUsername(spec.user());
    }
    if (!spec.password().isEmpty()) {
      c.setPassword(spec.password());
    }
    String options = "-c statement_timeout=" + spec.statementTimeout().toMillis();
    if (readOnlyPool) {
      options += " -c default_transaction_read_only=on";
    }
    c.addDataSourceProperty("options", options);
    c.addDataSourceProperty("ApplicationName", "sluice");
    // A dead server is noticed within seconds, not after the kernel's TCP timeout.
    c.addDataSourceProperty(
        "connectTimeout", String.valueOf(Math.max(1, spec.connectionTimeout().toSeconds())));
    // No socketTimeout: a server that vanishes mid-statement is the watchdog's (Datasource.sweep).
    c.addDataSourceProperty("tcpKeepAlive", "true");
    c.setMinimumIdle(minimumIdle); // 0 while the database is down (Datasource.open)
    return new HikariDataSource(c);
  }

  /**
   * A {@link DatasourceHealth.Probe} for a PostgreSQL datasource: one connection made with the
   * driver itself (no pool, so nothing queues) with the pools' credentials, bounded by the
   * connection timeout for connecting, logging in and reading, then closed.
   */
  static DatasourceHealth.Probe probe(DatasourceSpec spec) {
    Properties p = new Properties();
    if (!spec.user().isEmpty()) {
      p.setProperty("user", spec.user());
    }
    if (!spec.password().isEmpty()) {
      p.setProperty("password", spec.password());
    }
    String seconds =
        String.valueOf(Math.max(1, (spec.connectionTimeout().toMillis() + 999) / 1000));
    p.setProperty("connectTimeout", seconds);
    p.setProperty("loginTimeout", seconds);
    p.setProperty("socketTimeout", seconds);
    p.setProperty("ApplicationName", "sluice");
    String url = spec.url();
    return () -> {
      try {
        DriverManager.getConnection(url, p).close();
        return Optional.empty();
      } catch (SQLException e) {
        return Optional.of(ConnectFailure.of(e.getSQLState(), e));
      }
    };
  }

  /**
   * The embedded in-memory H2 database, created by running its init scripts.
   *
   * @throws SQLException naming the datasource, the script and H2's reason when a script fails
   */
  static HikariDataSource embedded(DatasourceSpec spec) throws SQLException {
    HikariConfig c = common(spec, "embedded");
    // Each embedded datasource is its own database, dropped with its last connection: a reload
    // that changes it gets a new one seeded afresh; an unchanged one is reused with its rows.
    c.setJdbcUrl(
        "jdbc:h2:mem:sluice-"
            + spec.name()
            + "-"
            + EMBEDDED_INSTANCES.incrementAndGet()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    // In memory there is no network to time out: creating the database and running the init
    // scripts on a loaded machine (CI, a cold container) may take longer than connection-timeout,
    // which still bounds every request's wait (ConnectionGate).
    c.setConnectionTimeout(Math.max(EMBEDDED_CONNECT.toMillis(), c.getConnectionTimeout()));
    c.setConnectionInitSql("SET QUERY_TIMEOUT " + spec.statementTimeout().toMillis());
    HikariDataSource h2 = new HikariDataSource(c);
    try (Connection conn = h2.getConnection();
        Statement s = conn.createStatement()) {
      for (Path script : spec.embeddedInit().orElseThrow()) {
        try {
          s.execute("RUNSCRIPT FROM '" + script.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
          throw new SQLException(
              "datasource \""
                  + spec.name()
                  + "\": the embedded database's init script "
                  + script
                  + " failed: "
                  + h2Reason(e),
              e.getSQLState(),
              e);
        }
      }
    } catch (SQLException e) {
      h2.close();
      throw e;
    }
    return h2;
  }

  /**
   * H2's message in one line, without the statement it quotes and its error code: "Unknown data
   * type: \"TIMESTAMPTZ\"" or "IO Exception: ... AccessDeniedException: path".
   */
  private static String h2Reason(SQLException e) {
    String m = e.getMessage() == null ? "" : e.getMessage();
    int statement = m.indexOf("; SQL statement:");
    String first = (statement >= 0 ? m.substring(0, statement) : m).strip();
    first = first.lines().findFirst().orElse("").replaceAll(" \\[[0-9]+-[0-9]+\\]$", "");
    return first.replace("java.nio.file.AccessDeniedException", "permission denied");
  }

  private static HikariConfig common(DatasourceSpec spec, String role) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("sluice-" + spec.name() + "-" + role);
    c.setMaximumPoolSize(spec.poolSize());
    c.setConnectionTimeout(Math.max(250, spec.connectionTimeout().toMillis()));
    c.setValidationTimeout(Math.max(250, Math.min(1000, spec.connectionTimeout().toMillis())));
    // Start even when the database is down; /readyz reports it until it answers.
    c.setInitializationFailTimeout(-1);
    return c;
  }
}
