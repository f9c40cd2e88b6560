package dev.sluice.runtime.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Databases for the result and error tests: PostgreSQL at {@code SLUICE_TEST_JDBC_URL} (absent: the
 * tests skip, unless {@code SLUICE_TEST_REQUIRE_DB=1}, where they fail), and a fresh H2 in
 * PostgreSQL mode. Each test class works in a schema of its own, so classes can run in parallel.
 */
final class ResultTestDatabases {
  private ResultTestDatabases() {}

  /** The PostgreSQL URL; empty when unset, a failure when unset but required. */
  static Optional<String> postgresUrl() {
    Optional<String> url = dev.sluice.testing.ContainerServices.jdbcUrl();
    if (url.isEmpty() && dev.sluice.testing.TestServices.required()) {
      throw new AssertionError("SLUICE_TEST_REQUIRE_DB=1 but SLUICE_TEST_JDBC_URL is not set");
    }
    return url;
  }

  /** A new PostgreSQL connection, or empty when there is no test database. */
  static Optional<Connection> postgres() throws SQLException {
    Optional<String> url = postgresUrl();
    return url.isEmpty() ? Optional.empty() : Optional.of(DriverManager.getConnection(url.get()));
  }

  /** The URL of a new, empty H2 in-memory database in PostgreSQL mode. */
  static String h2Url() {
    return "jdbc:h2:mem:sqlres_"
        + Long.toHexString(ThreadLocalRandom.current().nextLong())
        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
  }

  /** A connection to a new H2 database, which lives as long as the connection. */
  static Connection h2() throws SQLException {
    return DriverManager.getConnection(h2Url());
  }

  /** Creates {@code <prefix>_<random>} on c and puts it first on c's search_path. */
  static String createSchema(Connection c, String prefix) throws SQLException {
    String name = prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + name);
      s.execute("SET search_path TO " + name);
    }
    return name;
  }

  static void dropSchema(Connection c, String name) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }

  /** The URL with {@code currentSchema} set, for connections (pools) other than the first. */
  static String withSchema(String url, String schema) {
    return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
