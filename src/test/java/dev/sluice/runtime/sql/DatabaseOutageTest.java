package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TempPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL going away and coming back, on a throwaway cluster of the test's own (the machine's
 * shared server is never stopped): the gateway keeps serving what it can, reports not-ready and
 * 503, and recovers by itself in the same process; on each driver.
 */
class DatabaseOutageTest {
  private static final Path CONFIG = Path.of("src/test/resources/configs/sql/gateway.yaml");

  @Nested
  class Jdbc extends Outage {
    Jdbc() {
      super("jdbc");
    }
  }

  @Nested
  class Pipelined extends Outage {
    Pipelined() {
      super("pipelined");
    }
  }

  abstract static class Outage {
    private final String driver;

    Outage(String driver) {
      this.driver = driver;
    }

    @Test
    void startsWhileTheDatabaseIsDownAndTurnsReadyByItself() throws Exception {
      TempPostgres.assumeAvailable();
      try (TempPostgres pg = seeded()) {
        pg.stop();
        try (RunningGateway gw =
            RunningGateway.start(
                CONFIG, Map.of("SLUICE_DB_URL", pg.jdbcUrl(), "SLUICE_DB_DRIVER", driver))) {
          assertThat(gw.get("/healthz").statusCode(), is(200));
          HttpResponse<String> ready = gw.get("/readyz");
          assertThat(ready.statusCode(), is(503));
          assertThat(ready.body(), containsString("datasource:main"));
          assertThat(gw.get("/users/1").statusCode(), is(503));

          pg.start();
          gw.awaitStatus("/readyz", 200, Duration.ofSeconds(10));
          gw.awaitStatus("/users/1", 200, Duration.ofSeconds(10));
        }
      }
    }

    @Test
    void outageWhileServingIs503ThenRecovers() throws Exception {
      TempPostgres.assumeAvailable();
      try (TempPostgres pg = seeded();
          RunningGateway gw =
              RunningGateway.start(
                  CONFIG, Map.of("SLUICE_DB_URL", pg.jdbcUrl(), "SLUICE_DB_DRIVER", driver))) {
        // the pool's first connections may take a moment on a busy machine
        gw.awaitStatus("/users/1", 200, Duration.ofSeconds(10));
        gw.awaitStatus("/readyz", 200, Duration.ofSeconds(10));

        pg.stop();
        gw.awaitStatus("/readyz", 503, Duration.ofSeconds(10));
        HttpResponse<String> down = gw.get("/users/1");
        assertThat(down.statusCode(), is(503));
        assertThat(down.headers().firstValue("Retry-After").isPresent(), is(true));
        assertThat(
            down.headers().firstValue("Content-Type").orElseThrow(),
            is("application/problem+json"));

        pg.start();
        gw.awaitStatus("/readyz", 200, Duration.ofSeconds(10));
        gw.awaitStatus("/users/1", 200, Duration.ofSeconds(10));
      }
    }
  }

  private static TempPostgres seeded() throws Exception {
    TempPostgres pg = TempPostgres.create();
    pg.exec(Files.readString(Path.of("examples/users/schema.sql")));
    pg.exec(Files.readString(Path.of("examples/users/seed.sql")));
    return pg;
  }
}
