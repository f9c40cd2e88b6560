package dev.sluice.runtime.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sluice.problem.ProblemException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqlErrorsTest {
  private static final String ROUTE = "users.create";
  private static final String ROUTE_FAILED =
      "the SQL of route \"users.create\" failed; see the gateway log for this request_id";
  private static final Map<String, String> RETRY = Map.of("Retry-After", "1");

  private static final String SCHEMA_SQL =
      "CREATE TABLE users (id integer PRIMARY KEY,"
          + " email varchar(20) NOT NULL CONSTRAINT users_email_key UNIQUE,"
          + " age integer CONSTRAINT users_age_check CHECK (age >= 0));"
          + "CREATE TABLE orders (id integer PRIMARY KEY,"
          + " user_id integer CONSTRAINT orders_user_id_fkey REFERENCES users(id));"
          + "INSERT INTO users VALUES (1, 'a@example.com', 30);"
          + "INSERT INTO orders VALUES (1, 1)";

  static ProblemException problem(SQLException e, String route) {
    return SqlErrors.toProblem(JdbcFailures.of(e), route);
  }

  static Map<String, Object> logFields(SQLException e) {
    return SqlErrors.logFields(JdbcFailures.of(e));
  }

  /** Runs sql on c and returns what it threw. */
  static SQLException failure(Connection c, String sql) {
    return assertThrows(
        SQLException.class,
        () -> {
          try (Statement s = c.createStatement()) {
            s.execute(sql);
          }
        },
        sql);
  }

  static void assertProblem(
      ProblemException p,
      int status,
      String detail,
      Map<String, Object> extensions,
      Map<String, String> headers) {
    assertEquals(status, p.status().code(), "status");
    assertEquals(detail, p.detail(), "detail");
    assertEquals(extensions, p.extensions(), "extensions");
    assertEquals(headers, p.headers(), "headers");
    assertTrue(p.errors().isEmpty());
  }

  static void assertProblem(SQLException e, int status, String detail) {
    assertProblem(problem(e, ROUTE), status, detail, Map.of(), Map.of());
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String q : sql.split(";")) {
        s.execute(q);
      }
    }
  }

  /** Constraint violations and data exceptions, which both databases raise. */
  abstract static class Shared {
    Connection c;

    @Test
    void uniqueViolation() {
      SQLException e = failure(c, "INSERT INTO users VALUES (2, 'a@example.com', 1)");
      assertProblem(
          problem(e, ROUTE),
          409,
          "a row with this value already exists",
          Map.of("constraint", "users_email_key"),
          Map.of());
      Map<String, Object> log = logFields(e);
      assertEquals("23505", log.get("sqlstate"));
      assertEquals("users_email_key", log.get("constraint"));
    }

    @Test
    void foreignKeyToAMissingRow() {
      assertProblem(
          problem(failure(c, "INSERT INTO orders VALUES (2, 9)"), ROUTE),
          409,
          "a referenced row does not exist",
          Map.of("constraint", "orders_user_id_fkey"),
          Map.of());
    }

    @Test
    void foreignKeyStillReferenced() {
      assertProblem(
          problem(failure(c, "DELETE FROM users WHERE id = 1"), ROUTE),
          409,
          "the row is still referenced by other rows",
          Map.of("constraint", "orders_user_id_fkey"),
          Map.of());
    }

    @Test
    void notNull() {
      assertProblem(
          problem(failure(c, "INSERT INTO users (id, email) VALUES (3, NULL)"), ROUTE),
          400,
          "a required value is missing",
          Map.of("column", "email"),
          Map.of());
    }

    @Test
    void checkViolation() {
      assertProblem(
          problem(failure(c, "INSERT INTO users VALUES (4, 'b@example.com', -1)"), ROUTE),
          400,
          "a value does not satisfy a check of the database",
          Map.of("constraint", "users_age_check"),
          Map.of());
    }

    @Test
    void invalidTextRepresentation() {
      assertProblem(
          failure(c, "SELECT CAST('abc' AS integer)"),
          400,
          "a value is not valid for its database type");
      assertProblem(
          failure(c, "SELECT CAST('not-a-uuid' AS uuid)"),
          400,
          "a value is not valid for its database type");
    }

    @Test
    void stringTooLong() {
      assertProblem(
          failure(c, "INSERT INTO users VALUES (5, '" + "x".repeat(30) + "', 1)"),
          400,
          "a value is longer than the database allows");
    }

    @Test
    void numericOutOfRange() {
      assertProblem(
          failure(c, "SELECT CAST(100000 AS smallint)"),
          400,
          "a number is out of the range the database allows");
    }

    @Test
    void divisionByZero() {
      assertProblem(failure(c, "SELECT 1 / 0"), 400, "the request led to a division by zero");
    }

    @Test
    void invalidDate() {
      assertProblem(
          failure(c, "SELECT CAST('2024-13-01' AS date)"),
          400,
          "a date or time value is not valid");
    }

    @Test
    void undefinedTableIsTheRoutesBug() {
      SQLException e = failure(c, "SELECT * FROM no_such_table");
      assertProblem(e, 500, ROUTE_FAILED);
      assertTrue(String.valueOf(logFields(e).get("message")).contains("no_such_table"));
    }

    @Test
    void undefinedColumnAndSyntaxErrorAreTheRoutesBug() {
      assertProblem(failure(c, "SELECT no_such_column FROM users"), 500, ROUTE_FAILED);
      assertProblem(failure(c, "SELEC 1"), 500, ROUTE_FAILED);
    }

    @Test
    void poolTimeout() throws Exception {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(poolUrl());
      cfg.setMaximumPoolSize(1);
      cfg.setConnectionTimeout(250);
      try (HikariDataSource ds = new HikariDataSource(cfg);
          Connection held = ds.getConnection()) {
        SQLException e = assertThrows(SQLException.class, ds::getConnection);
        assertProblem(
            problem(e, ROUTE),
            503,
            "every database connection is in use; retry shortly",
            Map.of(),
            RETRY);
        assertFalse(logFields(e).containsKey("sqlstate"));
      }
    }

    abstract String poolUrl();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class Postgres extends Shared {
    private String url;
    private String schema;

    @BeforeAll
    void setUp() throws SQLException {
      Optional<String> u = ResultTestDatabases.postgresUrl();
      Assumptions.assumeTrue(u.isPresent(), "SLUICE_TEST_JDBC_URL is not set");
      url = u.get();
      c = DriverManager.getConnection(url);
      schema = ResultTestDatabases.createSchema(c, "se_test");
      exec(c, SCHEMA_SQL);
    }

    @AfterAll
    void tearDown() throws SQLException {
      if (c != null) {
        ResultTestDatabases.dropSchema(c, schema);
        c.close();
      }
    }

    @Override
    String poolUrl() {
      return ResultTestDatabases.withSchema(url, schema);
    }

    @Test
    void logFieldsCarryTheServersWordsButNotTheSql() {
      SQLException e = failure(c, "INSERT INTO users VALUES (2, 'a@example.com', 1)");
      assertEquals(
          Map.of(
              "sqlstate", "23505",
              "message", "duplicate key value violates unique constraint \"users_email_key\"",
              "constraint", "users_email_key",
              "table", "users"),
          logFields(e));
      SQLException nn = failure(c, "INSERT INTO users (id, email) VALUES (3, NULL)");
      assertEquals("email", logFields(nn).get("column"));
    }

    @Test
    void statementTimeout() throws SQLException {
      try (Connection own = DriverManager.getConnection(url)) {
        exec(own, "SET statement_timeout = 50");
        SQLException e = failure(own, "SELECT pg_sleep(1)");
        assertEquals("57014", e.getSQLState());
        assertProblem(e, 504, "the database did not answer within the statement timeout");
      }
    }

    @Test
    void queryTimeoutOfJdbc() throws SQLException {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(3)"));
        assertProblem(e, 504, "the database did not answer within the statement timeout");
      }
    }

    @Test
    void writeInAReadOnlyTransaction() throws SQLException {
      try (Connection own = DriverManager.getConnection(poolUrl())) {
        exec(own, "SET default_transaction_read_only = on");
        SQLException e = failure(own, "INSERT INTO users VALUES (6, 'c@example.com', 1)");
        assertEquals("25006", e.getSQLState());
        assertProblem(
            e, 500, "the SQL of route \"users.create\" tried to write in a read-only request");
      }
    }

    @Test
    void lockNotAvailable() throws SQLException {
      try (Connection a = DriverManager.getConnection(poolUrl());
          Connection b = DriverManager.getConnection(poolUrl())) {
        a.setAutoCommit(false);
        exec(a, "SELECT * FROM users WHERE id = 1 FOR UPDATE");
        SQLException e = failure(b, "SELECT * FROM users WHERE id = 1 FOR UPDATE NOWAIT");
        assertEquals("55P03", e.getSQLState());
        assertProblem(
            problem(e, ROUTE),
            503,
            "data the request needs is locked by another one; retry shortly",
            Map.of(),
            RETRY);
        a.rollback();
      }
    }

    @Test
    void serializationFailure() throws SQLException {
      exec(c, "INSERT INTO users VALUES (40, 'ser@example.com', 1)");
      try (Connection a = DriverManager.getConnection(poolUrl());
          Connection b = DriverManager.getConnection(poolUrl())) {
        for (Connection x : new Connection[] {a, b}) {
          x.setAutoCommit(false);
          x.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
          exec(x, "SELECT age FROM users WHERE id = 40");
        }
        exec(a, "UPDATE users SET age = 2 WHERE id = 40");
        a.commit();
        SQLException e = failure(b, "UPDATE users SET age = 3 WHERE id = 40");
        assertEquals("40001", e.getSQLState());
        assertProblem(
            problem(e, ROUTE),
            503,
            "the request conflicted with a concurrent one; retry it",
            Map.of(),
            RETRY);
        b.rollback();
      }
    }

    @Test
    void terminatedBackend() throws Exception {
      try (Connection victim = DriverManager.getConnection(url)) {
        int pid;
        try (Statement s = victim.createStatement();
            var rs = s.executeQuery("SELECT pg_backend_pid()")) {
          rs.next();
          pid = rs.getInt(1);
        }
        exec(c, "SELECT pg_terminate_backend(" + pid + ")");
        SQLException e = failure(victim, "SELECT 1");
        assertTrue(
            Stream.of("57P01", "08006").anyMatch(s -> s.equals(e.getSQLState())), e.getSQLState());
        assertProblem(
            problem(e, ROUTE),
            503,
            "the database is not available; retry shortly",
            Map.of(),
            RETRY);
      }
    }

    @Test
    void tooManyConnections() throws SQLException {
      String role =
          "se_test_limited_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
      exec(c, "CREATE ROLE " + role + " LOGIN CONNECTION LIMIT 1");
      try {
        String roleUrl = url.replaceFirst("user=[^&]*", "user=" + role);
        try (Connection first = DriverManager.getConnection(roleUrl)) {
          SQLException e =
              assertThrows(SQLException.class, () -> DriverManager.getConnection(roleUrl).close());
          assertEquals("53300", e.getSQLState());
          assertProblem(
              problem(e, ROUTE),
              503,
              "the database is out of resources; retry shortly",
              Map.of(),
              RETRY);
        }
      } finally {
        exec(c, "DROP ROLE " + role);
      }
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class H2 extends Shared {
    private String url;

    @BeforeAll
    void setUp() throws SQLException {
      url = ResultTestDatabases.h2Url();
      c = DriverManager.getConnection(url);
      exec(c, SCHEMA_SQL);
    }

    @AfterAll
    void tearDown() throws SQLException {
      c.close();
    }

    @Override
    String poolUrl() {
      return url;
    }

    @Test
    void logFieldsCarryH2sMessageWithoutTheSql() {
      SQLException e = failure(c, "INSERT INTO users VALUES (2, 'a@example.com', 1)");
      Map<String, Object> log = logFields(e);
      assertEquals("23505", log.get("sqlstate"));
      assertEquals("users_email_key", log.get("constraint"));
      String message = String.valueOf(log.get("message"));
      assertTrue(message.startsWith("Unique index or primary key violation"), message);
      assertFalse(message.contains("INSERT INTO"), message);
    }

    @Test
    void queryTimeout() throws SQLException {
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        SQLException e =
            assertThrows(
                SQLException.class,
                () ->
                    s.execute(
                        "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 1000000) a,"
                            + " SYSTEM_RANGE(1, 1000000) b"));
        assertEquals("57014", e.getSQLState());
        assertProblem(e, 504, "the database did not answer within the statement timeout");
      }
    }

    @Test
    void unnamedConstraintsAreNamedByH2() {
      exec0("CREATE TABLE plain (id integer PRIMARY KEY, v integer CHECK (v > 0))");
      ProblemException dup =
          problem(failure(c, "INSERT INTO users VALUES (1, 'z@example.com', 1)"), ROUTE);
      assertEquals(409, dup.status().code());
      assertTrue(
          String.valueOf(dup.extensions().get("constraint")).matches("[A-Za-z0-9_]+"),
          dup.extensions().toString());
      ProblemException check = problem(failure(c, "INSERT INTO plain VALUES (1, 0)"), ROUTE);
      assertEquals(400, check.status().code());
      assertTrue(
          String.valueOf(check.extensions().get("constraint")).matches("[A-Za-z0-9_]+"),
          check.extensions().toString());
    }

    private void exec0(String sql) {
      try {
        exec(c, sql);
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void databaseDownBehindHikari() {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none?user=none&connectTimeout=1");
    cfg.setMaximumPoolSize(1);
    cfg.setConnectionTimeout(250);
    cfg.setInitializationFailTimeout(-1);
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      SQLException e = assertThrows(SQLException.class, ds::getConnection);
      assertEquals("08001", e.getSQLState());
      assertProblem(
          problem(e, ROUTE), 503, "the database is not available; retry shortly", Map.of(), RETRY);
    }
  }

  static Stream<Arguments> statesWithoutAServer() {
    return Stream.of(
        Arguments.of("40P01", 503, "the request conflicted with a concurrent one; retry it"),
        Arguments.of("40001", 503, "the request conflicted with a concurrent one; retry it"),
        Arguments.of("90131", 503, "the request conflicted with a concurrent one; retry it"),
        Arguments.of(
            "HYT00", 503, "data the request needs is locked by another one; retry shortly"),
        Arguments.of("57P01", 503, "the database is not available; retry shortly"),
        Arguments.of("57P02", 503, "the database is not available; retry shortly"),
        Arguments.of("57P03", 503, "the database is not available; retry shortly"),
        Arguments.of("08006", 503, "the database is not available; retry shortly"),
        Arguments.of("08001", 503, "the database is not available; retry shortly"),
        Arguments.of("28P01", 503, "the database is not available; retry shortly"),
        Arguments.of("28000", 503, "the database is not available; retry shortly"),
        Arguments.of("3D000", 503, "the database is not available; retry shortly"),
        Arguments.of("90067", 503, "the database is not available; retry shortly"),
        Arguments.of("53300", 503, "the database is out of resources; retry shortly"),
        Arguments.of("53200", 503, "the database is out of resources; retry shortly"),
        Arguments.of("57014", 504, "the database did not answer within the statement timeout"),
        Arguments.of("22023", 400, "the database rejected a value of the request"),
        Arguments.of("22008", 400, "a date or time value is not valid"),
        Arguments.of("23P01", 409, "the row conflicts with an existing row"),
        Arguments.of("23001", 409, "the row is still referenced by other rows"),
        Arguments.of(
            "23503",
            409,
            "a referenced row does not exist, or the row is still referenced by other rows"),
        Arguments.of("23000", 409, "the change conflicts with the data in the database"),
        Arguments.of("23502", 400, "a required value is missing"),
        Arguments.of(
            "25006",
            500,
            "the SQL of route \"users.create\" tried to write in a read-only request"),
        Arguments.of("42P01", 500, ROUTE_FAILED),
        Arguments.of("XX000", 500, ROUTE_FAILED),
        Arguments.of("", 500, ROUTE_FAILED));
  }

  @ParameterizedTest
  @MethodSource("statesWithoutAServer")
  void bySqlState(String state, int status, String detail) {
    SQLException e = new SQLException("SELECT secret FROM t", state.isEmpty() ? null : state);
    ProblemException p = problem(e, ROUTE);
    assertEquals(status, p.status().code());
    assertEquals(detail, p.detail());
    assertTrue(p.extensions().isEmpty());
    assertEquals(status == 503 ? RETRY : Map.of(), p.headers());
    assertFalse(p.detail().contains("secret"));
  }

  @Test
  void theStateIsFoundInNextExceptionsAndCauses() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0]);
    batch.setNextException(new SQLException("duplicate", "23505"));
    assertEquals(409, problem(batch, ROUTE).status().code());
    assertEquals(Map.of("sqlstate", "23505", "message", "batch failed"), logFields(batch));

    SQLException wrapped = new SQLException("wrapper", null, new SQLException("inner", "40001"));
    assertEquals(503, problem(wrapped, ROUTE).status().code());
  }

  @Test
  void jdbcExceptionClassesWithoutAState() {
    assertProblem(
        problem(new SQLTransientConnectionException("pool - timed out"), ROUTE),
        503,
        "every database connection is in use; retry shortly",
        Map.of(),
        RETRY);
    assertProblem(
        problem(new SQLNonTransientConnectionException("closed"), ROUTE),
        503,
        "the database is not available; retry shortly",
        Map.of(),
        RETRY);
    assertProblem(
        new SQLTimeoutException("timed out"),
        504,
        "the database did not answer within the statement timeout");
  }
}
