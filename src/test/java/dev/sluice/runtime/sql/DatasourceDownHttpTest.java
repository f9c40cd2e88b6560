package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;

import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TempPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
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
 * Issue 15 item 2 (and issue 16's PostgreSQL restart): a database that cannot be reached says why —
 * a WARN at start with the driver's first line, {@code /readyz} by category only — and while it is
 * known down requests answer 503 with {@code Retry-After} at once instead of each waiting for the
 * connection timeout; when it is back the gateway serves again by itself. Real PostgreSQL (a
 * throwaway cluster the test stops and starts) and a closed port; never the shared server.
 */
class DatasourceDownHttpTest {
  private static final Path CONFIG = Path.of("src/test/resources/configs/sql-outage/gateway.yaml");

  /** Far longer than a request failing fast takes, so the two cannot be confused. */
  private static final Duration LONG_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  private LogCapture log;

  @BeforeEach
  void listen() {
    log = LogCapture.of(Level.WARNING);
  }

  @AfterEach
  void stopListening() {
    log.close();
  }

  @Test
  void aClosedPortIsAWarningAtStartRefusedInReadinessAndNoHikariWarningAtShutdown()
      throws Exception {
    int port = closedPort();
    try (RunningGateway gw =
        RunningGateway.start(
            CONFIG,
            Map.of(
                "SLUICE_DB_URL",
                "jdbc:postgresql://127.0.0.1:" + port + "/sluice",
                // short, as shipped: HikariCP's shutdown waits this long for its connection adder
                "SLUICE_DB_CONNECTION_TIMEOUT",
                "1s"))) {
      assertThat(
          log.lines().toString(),
          log.lines().stream()
              .anyMatch(
                  l ->
                      l.startsWith("WARNING sluice.sql datasource unreachable at start")
                          && l.contains("connection refused")
                          && l.contains("Connection to 127.0.0.1:" + port + " refused")),
          is(true));

      HttpResponse<String> ready = gw.get("/readyz?verbose");
      assertThat(ready.statusCode(), is(503));
      assertThat(
          ready.body(),
          containsString(
              "{\"name\":\"datasource:main\",\"status\":\"DOWN\",\"reason\":\"connection"
                  + " refused\""));
      // public: no host, port, user or database name
      assertThat(ready.body(), not(containsString(String.valueOf(port))));
      assertThat(ready.body(), not(containsString("127.0.0.1")));
      assertThat(ready.body(), not(containsString("postgres")));
      assertThat(ready.body(), not(containsString("sluice")));

      // a few seconds of requests: before the fix HikariCP's connection adder backed off into
      // sleeps longer than its shutdown waits for it
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      int requests = 0;
      while (System.nanoTime() < until && requests < 1_000) {
        HttpResponse<String> res = gw.get("/users/1");
        assertThat(res.statusCode(), is(503));
        assertThat(res.headers().firstValue("Retry-After").orElse(""), is("1"));
        requests++;
        Thread.sleep(20);
      }
    }
    assertThat(
        log.lines().stream().filter(l -> l.contains("Timed-out waiting")).toList(), is(empty()));
    // known down: the requests were not each logged as a failed statement
    assertThat(
        log.lines().stream().filter(l -> l.contains("statement failed")).toList(), is(empty()));
  }

  @Test
  void postgresStoppedIs503AtOnceAndServesAgainWhenItIsBack() throws Exception {
    TempPostgres.assumeAvailable();
    try (TempPostgres pg = seeded();
        RunningGateway gw = outageGateway(pg, "jdbc", "warn")) {
      stoppedIs503AtOnceThenBack(pg, gw);
    }
  }

  /**
   * The pipelined driver on the same {@link DatasourceHealth}: the same WARN and INFO lines,
   * readiness by category, 503 at once while down, recovery by itself; and its pool gauges back to
   * normal afterwards — every connection open again, nothing in flight or queued.
   */
  @Test
  void pipelinedPostgresStoppedIsKnownDownByTheSameHealthAndServesAgain() throws Exception {
    TempPostgres.assumeAvailable();
    LogCapture info = LogCapture.of(Level.INFO);
    try (info;
        TempPostgres pg = seeded();
        RunningGateway gw = outageGateway(pg, "pipelined", "info")) {
      gw.awaitStatus("/users/1", 200, Duration.ofSeconds(10));
      awaitPoolsNormal(gw);

      stoppedIs503AtOnceThenBack(pg, gw);

      assertThat(
          log.lines().toString(),
          log.lines().stream()
              .anyMatch(
                  l ->
                      l.startsWith(
                              "WARNING sluice.sql datasource unreachable: its routes answer 503")
                          && l.contains("connection refused")),
          is(true));
      assertThat(
          info.lines().toString(),
          info.lines().stream()
              .anyMatch(l -> l.startsWith("INFO sluice.sql datasource reachable again")),
          is(true));
      // known down: the requests were not each logged as a failed statement
      assertThat(
          log.lines().stream().filter(l -> l.contains("statement failed")).toList(), is(empty()));
      awaitPoolsNormal(gw);
    }
  }

  private static RunningGateway outageGateway(TempPostgres pg, String driver, String logLevel)
      throws Exception {
    return RunningGateway.start(
        CONFIG,
        Map.of(
            "SLUICE_DB_URL",
            pg.jdbcUrl(),
            "SLUICE_DB_DRIVER",
            driver,
            "SLUICE_LOG_LEVEL",
            logLevel,
            "SLUICE_DB_CONNECTION_TIMEOUT",
            LONG_CONNECTION_TIMEOUT.toSeconds() + "s"));
  }

  private static void stoppedIs503AtOnceThenBack(TempPostgres pg, RunningGateway gw)
      throws Exception {
    gw.awaitStatus("/users/1", 200, Duration.ofSeconds(10));

    pg.stop();
    gw.awaitBody("/readyz?verbose", "\"reason\":\"connection refused\"", Duration.ofSeconds(20));
    for (int i = 0; i < 20; i++) {
      long t = System.nanoTime();
      HttpResponse<String> res = gw.get("/users/1");
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertThat(res.statusCode(), is(503));
      assertThat(res.headers().firstValue("Retry-After").orElse(""), is("1"));
      assertThat(res.body(), containsString("the database is not available"));
      // no wait for the 10 s connection timeout
      assertThat(ms, lessThan(LONG_CONNECTION_TIMEOUT.toMillis() / 2));
    }
    assertThat(gw.get("/readyz").statusCode(), is(503));

    pg.start();
    gw.awaitStatus("/users/1", 200, Duration.ofSeconds(5));
    gw.awaitStatus("/readyz", 200, Duration.ofSeconds(5));
  }

  /**
   * Waits (bounded) until each pool has all its connections open (active + idle = max) and no
   * statement in flight or queued: a pipelined pool after the traffic stopped.
   */
  private static void awaitPoolsNormal(RunningGateway gw) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = "";
    String metrics = "";
    for (int i = 0; i < 200; i++) {
      metrics = gw.get("/metrics").body();
      boolean normal = true;
      for (String pool : new String[] {"rw", "ro"}) {
        double max = gauge(metrics, "sluice_db_pool_max_connections", pool, "");
        double open =
            gauge(metrics, "sluice_db_pool_connections", pool, "active")
                + gauge(metrics, "sluice_db_pool_connections", pool, "idle");
        double inFlight = gauge(metrics, "sluice_db_pool_statements_in_flight", pool, "");
        double pending = gauge(metrics, "sluice_db_pool_connections", pool, "pending");
        last +=
            pool
                + ": open "
                + open
                + " of "
                + max
                + ", in flight "
                + inFlight
                + ", pending "
                + pending
                + "; ";
        normal &= max > 0 && open == max && inFlight == 0 && pending == 0;
      }
      if (normal) {
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
      last = "";
      Thread.sleep(50);
    }
    throw new AssertionError(
        "the pools did not return to normal: "
            + last
            + metrics
                .lines()
                .filter(l -> l.startsWith("sluice_db_pool"))
                .collect(java.util.stream.Collectors.joining("\n", "\n", "")));
  }

  /** One sample of {@code name} for the pool (and state, unless empty); NaN when absent. */
  private static double gauge(String metrics, String name, String pool, String state) {
    for (String line : metrics.split("\n", -1)) {
      if (line.startsWith(name + "{")
          && line.contains("pool=\"" + pool + "\"")
          && (state.isEmpty() || line.contains("state=\"" + state + "\""))) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static TempPostgres seeded() throws Exception {
    TempPostgres pg = TempPostgres.create();
    pg.exec(Files.readString(Path.of("examples/users/schema.sql")));
    pg.exec(Files.readString(Path.of("examples/users/seed.sql")));
    return pg;
  }
}
