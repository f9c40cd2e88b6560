package dev.sluice.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TempPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL restarted under load: a private cluster ({@link TempPostgres}) behind {@code GET
 * /users/{id}} (pool 4, connection-timeout 1 s, statement-timeout 700 ms) loaded by 32 keep-alive
 * connections, stopped, held down, started again. Every request is answered (200 or 503, none
 * unanswered or hung); {@code /readyz} is 503 while it is down; after it is back, 200s and a ready
 * {@code /readyz} without restarting the gateway; and, once the load stops, the pools as they were
 * before the stop ({@code sluice_db_pool_connections} from {@code /metrics}: each pool's open
 * connections, active + idle, back to what it held then, none active, none pending). Reports how
 * long the 503s took while it was down (mean, slowest) and the recovery times. On both drivers: on
 * the pipelined one the "pools" are its two sets of connections (open, with statements in flight).
 */
@Tag("reliability")
class PostgresRestartIT {
  private static final Path CONFIG = Path.of("src/test/resources/configs/sql/gateway.yaml");
  private static final List<String> PATHS = List.of("/users/1", "/users/2", "/users/3");

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdbc", "pipelined"})
  void postgresRestart(String driver) throws Exception {
    TempPostgres.assumeAvailable();
    Duration phase = Report.pick(Duration.ofSeconds(3), Duration.ofSeconds(20));
    try (TempPostgres pg = TempPostgres.create()) {
      pg.exec(Files.readString(Path.of("examples/users/schema.sql")));
      pg.exec(Files.readString(Path.of("examples/users/seed.sql")));
      try (RunningGateway gw =
          RunningGateway.start(
              CONFIG,
              Map.of(
                  "SLUICE_DB_URL",
                  pg.jdbcUrl(),
                  "SLUICE_LOG_LEVEL",
                  "error",
                  "SLUICE_DB_DRIVER",
                  driver))) {
        await(gw, "/users/1", 200, Duration.ofSeconds(20));

        Load up = load(gw);
        Thread.sleep(phase.toMillis());
        up.stop();
        Map<String, Pool> before = awaitQuiet(gw, Duration.ofSeconds(30));

        Load down = load(gw);
        int readyWhileDown;
        try {
          Thread.sleep(300);
          pg.stop();
          Thread.sleep(phase.toMillis());
          readyWhileDown = gw.get("/readyz").statusCode();
        } finally {
          down.stop();
        }

        Load back = load(gw);
        long usersMillis;
        long readyMillis;
        try {
          pg.start();
          long started = System.nanoTime();
          await(gw, "/users/1", 200, Duration.ofSeconds(30));
          usersMillis = (System.nanoTime() - started) / 1_000_000;
          await(gw, "/readyz", 200, Duration.ofSeconds(30));
          readyMillis = (System.nanoTime() - started) / 1_000_000;
          Thread.sleep(phase.toMillis());
        } finally {
          back.stop();
        }
        Load after = load(gw);
        Thread.sleep(phase.toMillis());
        after.stop();
        long quietFrom = System.nanoTime();
        Map<String, Pool> recovered = awaitPools(gw, before, Duration.ofSeconds(60));
        long poolsMillis = (System.nanoTime() - quietFrom) / 1_000_000;

        List<Load> all = List.of(up, down, back, after);
        long written = all.stream().mapToLong(l -> l.written.sum()).sum();
        // As PostgreSQL comes back (recovery, cold caches, 32 clients on a restarted server) a
        // statement may outlast the 700 ms statement timeout: that is a 504, the answer the
        // datasource's statement timeout promises (docs/sql.md), not a lost request; it is counted
        // apart and must stay rare. In every other phase only 200 and 503 are expected.
        long slowBack = back.answered(504);
        long failed =
            all.stream()
                    .mapToLong(l -> l.lost() + l.answered() - l.answered(200) - l.answered(503))
                    .sum()
                - slowBack;
        failed += up.answered(503) + after.answered(503);
        Report.line(
            "postgres-restart-" + driver,
            String.format(
                "%d requests, %d failed, while down %d 503s (mean %d ms, slowest %d ms) and %d"
                    + " 200s, /readyz %d while down, /users 200 again %d ms and /readyz 200 %d ms"
                    + " after PostgreSQL accepted connections, %d statement timeouts (504) as it"
                    + " came back; pools back to %s %d ms after the"
                    + " load stopped (before the stop %s); up %s, down %s, back %s, after %s",
                written,
                failed,
                down.answered(503),
                down.mean(503),
                down.slowest(503),
                down.answered(200),
                readyWhileDown,
                usersMillis,
                readyMillis,
                slowBack,
                recovered,
                poolsMillis,
                before,
                up.statusCounts(),
                down.statusCounts(),
                back.statusCounts(),
                after.statusCounts()));
        for (Load l : all) {
          assertThat("requests without a whole answer", l.lost(), is(0L));
          assertThat(
              "answers other than 200 and 503 (and, as it came back, 504)",
              l.answered() - l.answered(200) - l.answered(503) - (l == back ? slowBack : 0),
              is(0L));
        }
        assertThat(
            "statement timeouts as it came back, at most 1 % of that phase's answers",
            slowBack * 100, lessThanOrEqualTo(back.answered()));
        assertThat("503s before the stop", up.answered(503), is(0L));
        assertThat("503s after recovery", after.answered(503), is(0L));
        assertThat("503s while down", down.answered(503), greaterThan(0L));
        assertThat("/readyz while down", readyWhileDown, is(503));
        assertThat("200s after recovery", after.answered(200), greaterThan(0L));
        assertThat("the pools as before the stop", recovered, is(before));
      }
    }
  }

  /** One pool's connections by state, from {@code sluice_db_pool_connections}. */
  private record Pool(double active, double idle, double pending) {
    double open() {
      return active + idle;
    }

    /** Nothing lent out or waiting: only the connection count is left to compare. */
    boolean quiet() {
      return active == 0 && pending == 0;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%.0f open (%.0f active, %.0f pending)", open(), active, pending);
    }
  }

  /** Every pool of the gateway, by name ({@code rw}, {@code ro}), read from its metrics. */
  private static Map<String, Pool> pools(RunningGateway gw) throws Exception {
    int port = gw.server().metricsPort() > 0 ? gw.server().metricsPort() : gw.port();
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Map<String, Map<String, Double>> states = new TreeMap<>();
    Pattern line =
        Pattern.compile(
            "sluice_db_pool_connections\\{[^}]*pool=\"(\\w+)\"[^}]*state=\"(\\w+)\"[^}]*\\} (\\S+)");
    for (String l : metrics.split("\n", -1)) {
      Matcher m = line.matcher(l);
      if (m.lookingAt() && l.contains("datasource=\"main\"")) {
        states
            .computeIfAbsent(m.group(1), k -> new HashMap<>())
            .put(m.group(2), Double.parseDouble(m.group(3)));
      }
    }
    Map<String, Pool> pools = new TreeMap<>();
    states.forEach(
        (name, s) ->
            pools.put(
                name,
                new Pool(
                    s.getOrDefault("active", Double.NaN),
                    s.getOrDefault("idle", Double.NaN),
                    s.getOrDefault("pending", Double.NaN))));
    if (pools.isEmpty()) {
      throw new AssertionError("no sluice_db_pool_connections in the metrics");
    }
    return pools;
  }

  /** Polls the pools until none has a connection lent out or a request waiting. */
  private static Map<String, Pool> awaitQuiet(RunningGateway gw, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    Map<String, Pool> p;
    while (!(p = pools(gw)).values().stream().allMatch(Pool::quiet)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("pools still busy after " + max + ": " + p);
      }
      Thread.sleep(50);
    }
    return p;
  }

  /**
   * Polls the pools until they are as {@code before} (HikariCP refills a pool to its minimum idle
   * on demand and on its housekeeping, every 30 s); returns the last reading, as it is when the
   * bound passes.
   */
  private static Map<String, Pool> awaitPools(
      RunningGateway gw, Map<String, Pool> before, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    Map<String, Pool> p;
    while (!(p = pools(gw)).equals(before) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return p;
  }

  private static Load load(RunningGateway gw) {
    return new Load(gw.port(), 32, Load.gets(PATHS), Duration.ofSeconds(15));
  }

  /** Polls {@code path} until it answers {@code status}. */
  private static void await(RunningGateway gw, String path, int status, Duration max)
      throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    int last;
    while ((last = gw.get(path).statusCode()) != status) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(path + " still " + last + " after " + max);
      }
      Thread.sleep(20);
    }
  }
}
