package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TempPostgres;
import dev.sluice.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 3: {@code serve} has the database describe every statement at start and whenever a
 * datasource connects again. A statement it rejects is an ERROR line at its place in the route
 * file; that route answers a 500 problem saying it is misconfigured (no SQL text); {@code
 * /readyz?verbose} names it while readiness stays up and the other routes serve.
 */
class MisconfiguredRouteHttpTest {
  private static final Path SQL_CONFIG = Path.of("src/test/resources/configs/sql/gateway.yaml");
  private static final Path OUTAGE_CONFIG =
      Path.of("src/test/resources/configs/sql-outage/gateway.yaml");

  private LogCapture log;

  @BeforeEach
  void listen() {
    log = LogCapture.of(Level.SEVERE);
  }

  @AfterEach
  void stopListening() {
    log.close();
  }

  @Test
  void aTypoAtStartIsAnErrorLineAndA500ForThatRouteOnly() throws Exception {
    try (TestDatabase db = TestDatabase.createUsers();
        RunningGateway gw = RunningGateway.start(SQL_CONFIG, Map.of("SLUICE_DB_URL", db.url()))) {
      assertThat(
          log.lines(),
          hasItem(
              "SEVERE sluice.sql src/test/resources/configs/sql/routes/misbehaving.yaml:8:14: /routes/0/sql/query:"
                  + " the database rejects this statement: column \"nme\" does not exist"
                  + " (SQLSTATE 42703)"));

      HttpResponse<String> typo = gw.get("/typo");
      assertThat(typo.statusCode(), is(500));
      assertThat(
          typo.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
      assertThat(typo.body(), containsString("route \\\"typo\\\" is misconfigured"));
      assertThat(typo.body(), not(containsString("nme")));
      assertThat(typo.body(), not(containsString("SELECT")));

      assertThat(gw.get("/users/1").statusCode(), is(200));

      HttpResponse<String> ready = gw.get("/readyz?verbose");
      assertThat(ready.body(), ready.statusCode(), is(200));
      assertThat(
          ready.body(),
          containsString(
              "{\"name\":\"statements\",\"status\":\"DOWN\",\"reason\":\"misconfigured: typo"));
      assertThat(ready.body(), containsString("\"status\":\"UP\",\"checks\""));
    }
  }

  @Test
  void statementsAreDescribedAgainWhenTheDatasourceReconnects() throws Exception {
    TempPostgres.assumeAvailable();
    try (TempPostgres pg = TempPostgres.create();
        RunningGateway gw =
            RunningGateway.start(
                OUTAGE_CONFIG,
                Map.of("SLUICE_DB_URL", pg.jdbcUrl(), "SLUICE_DB_CONNECTION_TIMEOUT", "2s"))) {
      // no users table yet: every route is misconfigured
      assertThat(gw.get("/users/1").body(), containsString("misconfigured"));
      assertThat(
          gw.get("/readyz?verbose").body(),
          containsString("misconfigured: get-user, list-users, create-user, delete-user"));

      pg.exec(Files.readString(Path.of("examples/users/schema.sql")));
      pg.exec(Files.readString(Path.of("examples/users/seed.sql")));
      // described again only when the datasource connects again: still misconfigured
      assertThat(gw.get("/users/1").statusCode(), is(500));

      pg.stop();
      gw.awaitBody("/readyz?verbose", "connection refused", Duration.ofSeconds(20));
      pg.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      int status = -1;
      while (status != 200 && System.nanoTime() < deadline) {
        status = gw.get("/users/1").statusCode();
        Thread.sleep(50);
      }
      assertThat(log.lines().toString(), status, is(200));
      // the routes are described one after another: get-user may answer before delete-user is
      // described again, so wait (bounded) for the last of them
      String ready = gw.get("/readyz?verbose").body();
      while (ready.contains("misconfigured") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        ready = gw.get("/readyz?verbose").body();
      }
      assertThat(ready, not(containsString("misconfigured")));
    }
  }
}
