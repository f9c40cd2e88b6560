package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.problem.ProblemException;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.Origin;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestDatabase;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests queue for a connection in front of HikariCP, in arrival order, for at most the pool's
 * connection timeout, and every way out returns the permit (real PostgreSQL).
 */
class DatasourceGateTest {
  private static TestDatabase db;

  @BeforeAll
  static void database() throws Exception {
    db = TestDatabase.createUsers();
  }

  @AfterAll
  static void drop() throws Exception {
    if (db != null) {
      db.close();
    }
  }

  private static Datasource open(int poolSize, Duration connectionTimeout) throws Exception {
    return open(db.url(), poolSize, connectionTimeout);
  }

  private static Datasource open(String url, int poolSize, Duration connectionTimeout)
      throws Exception {
    Datasource d =
        new Datasource(
            new DatasourceSpec(
                "main",
                url,
                "",
                "",
                poolSize,
                connectionTimeout,
                Duration.ofSeconds(5),
                Optional.empty(),
                new Origin("gateway.yaml", 1, 1, "/datasources/main")));
    d.open();
    return d;
  }

  private static void awaitWaiting(Datasource d, int n) throws InterruptedException {
    Await.until(n + " requests waiting", Duration.ofSeconds(5), () -> d.waiting(true) == n);
    assertThat("requests waiting", d.waiting(true), is(n));
  }

  @Test
  void waitersGetConnectionsInArrivalOrder() throws Exception {
    try (Datasource d = open(1, Duration.ofSeconds(10))) {
      List<String> order = new CopyOnWriteArrayList<>();
      CountDownLatch done = new CountDownLatch(3);
      ConnectionLease held = d.connection(true);
      for (String name : new String[] {"first", "second", "third"}) {
        int before = d.waiting(true);
        Thread.ofVirtual()
            .start(
                () -> {
                  try (ConnectionLease l = d.connection(true)) {
                    order.add(name);
                    l.connection().createStatement().execute("SELECT 1");
                  } catch (Exception e) {
                    order.add(name + " failed: " + e);
                  } finally {
                    done.countDown();
                  }
                });
        awaitWaiting(d, before + 1);
      }
      held.close();
      assertThat(done.await(10, TimeUnit.SECONDS), is(true));
      assertThat(order, is(List.of("first", "second", "third")));
      assertThat(d.waiting(true), is(0));
    }
  }

  @Test
  void aFullPoolAnswers503AfterTheConnectionTimeoutAndKeepsNoPermit() throws Exception {
    try (Datasource d = open(2, Duration.ofMillis(300))) {
      ConnectionLease a = d.connection(false);
      ConnectionLease b = d.connection(false);
      long start = System.nanoTime();
      SQLTransientConnectionException e =
          assertThrows(SQLTransientConnectionException.class, () -> d.connection(false));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(millis, greaterThanOrEqualTo(250L));
      assertThat(millis, lessThan(3_000L));
      ProblemException p = SqlErrors.toProblem(JdbcFailures.of(e), "r");
      assertThat(p.status().code(), is(503));
      assertThat(p.headers().containsKey("Retry-After"), is(true));
      a.close();
      b.close();
      // every permit came back: the whole pool can be taken again, read-write and read-only
      try (ConnectionLease c = d.connection(false);
          ConnectionLease e2 = d.connection(false);
          ConnectionLease f = d.connection(true)) {
        assertThat(c.connection().isValid(1) && e2.connection().isValid(1), is(true));
        assertThat(f.connection().isReadOnly() || f.connection().isValid(1), is(true));
      }
    }
  }

  @Test
  void withTheDatabaseKnownDownNoRequestWaits() throws Exception {
    // nothing listens on port 1: the probe at open finds it refused
    try (Datasource d = open("jdbc:postgresql://127.0.0.1:1/none", 1, Duration.ofMillis(1000))) {
      assertThat(d.health().down().orElseThrow().reason(), is(ConnectFailure.Reason.REFUSED));
      for (int i = 0; i < 3; i++) {
        SqlFailure f = assertThrows(SqlFailure.class, () -> d.connection(true));
        assertThat(f.knownDown(), is(true));
        assertThat(f.sqlState(), is("08001"));
      }
      assertThat(d.waiting(true), is(0));
    }
  }
}
