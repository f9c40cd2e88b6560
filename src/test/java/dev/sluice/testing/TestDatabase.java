package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The PostgreSQL the integration tests use: {@code SLUICE_TEST_JDBC_URL}; without it they skip,
 * unless {@code SLUICE_TEST_REQUIRE_DB=1} (set by scripts/test.sh), where a missing database fails
 * the run. Each test class gets a database of its own, created from the users example and dropped
 * afterwards, so classes never see each other's rows.
 */
public final class TestDatabase implements AutoCloseable {
  private final String adminUrl;
  private final String name;
  private final String url;

  private TestDatabase(String adminUrl, String name, String url) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.url = url;
  }

  /** The admin URL, or skips (or fails, when required) the calling test. */
  public static String requireAdminUrl() {
    return TestServices.postgresUrl();
  }

  /** A new database with the users example's schema and seed. */
  public static TestDatabase createUsers() throws Exception {
    String admin = requireAdminUrl();
    String name = "sluice_it_" + Long.toHexString(System.nanoTime());
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    String url = withDatabase(admin, name);
    TestDatabase db = new TestDatabase(admin, name, url);
    db.runScript(Path.of("examples/users/schema.sql"));
    db.runScript(Path.of("examples/users/seed.sql"));
    return db;
  }

  /** The JDBC URL of this test's database. */
  public String url() {
    return url;
  }

  /** Runs SQL statements separated by semicolons at line ends. */
  public void runScript(Path file) throws Exception {
    exec(Files.readString(file));
  }

  public void exec(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** A single long value from a query, e.g. {@code SELECT count(*) FROM users}. */
  public long queryLong(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** How many {@code pg_sleep} statements run on the server of {@code url}, other than ours. */
  public static int sleeping(String url) throws SQLException {
    return sleeping(url, null);
  }

  /**
   * How many {@code pg_sleep} statements run on the server of {@code url} on connections named
   * {@code application} ({@code ApplicationName}; null: any). The server is shared — by the other
   * test classes of the JVM, whose dropped statements may sleep on, and by other test runs — so a
   * test that counts its own statements names its connections.
   */
  public static int sleeping(String url, String application) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active'"
                    + " AND query LIKE 'SELECT pg_sleep(%' AND pid <> pg_backend_pid()"
                    + " AND (?::text IS NULL OR application_name = ?::text)")) {
      s.setString(1, application);
      s.setString(2, application);
      try (var rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  static String withDatabase(String jdbcUrl, String database) {
    int q = jdbcUrl.indexOf('?');
    String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    String query = q < 0 ? "" : jdbcUrl.substring(q);
    return base.substring(0, base.lastIndexOf('/') + 1) + database + query;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}
