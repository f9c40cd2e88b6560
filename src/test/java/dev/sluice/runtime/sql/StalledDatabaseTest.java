package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.problem.ProblemException;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.Origin;
import dev.sluice.testing.Await;
import dev.sluice.testing.StallingProxy;
import dev.sluice.testing.TestDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A database host that goes silent mid-statement (no FIN, no RST: a power cut or a dropped network)
 * does not hold a request forever: without a socket timeout on every read, the watchdog aborts the
 * connection once the statement is unanswered {@link Datasource#STALL_GRACE} past the statement
 * timeout; the request gets SQLSTATE 08006 (503) and the pool recovers on its own.
 */
class StalledDatabaseTest {

  @Test
  void aSilentDatabaseEndsTheStatementAfterTheTimeoutAndTheGraceThenThePoolRecovers()
      throws Exception {
    try (TestDatabase db = TestDatabase.createUsers();
        StallingProxy proxy = StallingProxy.to(db.url());
        Datasource d =
            new Datasource(
                new DatasourceSpec(
                    "main",
                    proxy.rewrite(db.url()),
                    "",
                    "",
                    1,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    Optional.empty(),
                    new Origin("gateway.yaml", 1, 1, "/datasources/main")))) {
      d.open();
      assertThat(count(d), is(true));

      // the stall clock runs from when the connection is leased: take it, use it, then go silent
      try (ConnectionLease lease = d.connection(true)) {
        long leased = System.nanoTime();
        assertThat(count(lease), is(true));
        proxy.stall();
        SQLException e = assertThrows(SQLException.class, () -> count(lease));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - leased);
        // statement timeout 1 s + grace 5 s, up to one watchdog tick late
        assertThat(millis, greaterThanOrEqualTo(5_950L));
        assertThat(millis, lessThan(9_000L));
        assertThat(e.getSQLState(), startsWith("08"));
        ProblemException p = SqlErrors.toProblem(JdbcFailures.of(e), "r");
        assertThat(p.status().code(), is(503));
      }

      proxy.resume();
      // a poll that throws (the pool still failing) counts as not yet
      Await.until(
          "the pool serving again without a restart", Duration.ofSeconds(10), () -> count(d));
    }
  }

  private static boolean count(Datasource d) throws SQLException {
    try (ConnectionLease lease = d.connection(true)) {
      return count(lease);
    }
  }

  private static boolean count(ConnectionLease lease) throws SQLException {
    try (Statement s = lease.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
      return rs.next() && rs.getLong(1) > 0;
    }
  }
}
