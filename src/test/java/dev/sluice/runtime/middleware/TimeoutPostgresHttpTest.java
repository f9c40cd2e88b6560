package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A request deadline ends a running PostgreSQL statement's request: {@code pg_sleep(5)} behind a
 * 500 ms deadline answers 504 in about 500 ms. On JDBC the server stops running it and the pool's
 * only connection serves the next request at once; the pipelined driver does not cancel (a cancel
 * would hit whatever runs on the connection): the sleep goes on until it ends (the statement
 * timeout bounds it) and the next request runs on another connection at once.
 */
class TimeoutPostgresHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/timeout-pg/gateway.yaml");

  @Test
  void pgSleepIsCancelledAtTheDeadlineAndTheConnectionIsFree() throws Exception {
    String url = TestDatabase.requireAdminUrl();
    try (RunningGateway gw =
        RunningGateway.start(CONFIG, Map.of("SLUICE_DB_URL", url, "SLUICE_DB_DRIVER", "jdbc"))) {
      assertThat(gw.get("/one").statusCode(), is(200)); // the pool is connected
      for (int i = 0; i < 3; i++) {
        sleepThenOne(gw, url, 0);
      }
    }
  }

  @Test
  void pipelinedAnswers504AtTheDeadlineWithoutCancellingAndServesBesideIt() throws Exception {
    String url = TestDatabase.requireAdminUrl();
    try (RunningGateway gw =
        RunningGateway.start(
            CONFIG, Map.of("SLUICE_DB_URL", url, "SLUICE_DB_DRIVER", "pipelined"))) {
      assertThat(gw.get("/one").statusCode(), is(200)); // connected
      sleepThenOne(gw, url, 1); // not cancelled: it sleeps on, /one runs on the other connection
    }
  }

  /**
   * /sleep answers the deadline's 504 in about 500 ms, {@code stillSleeping} statements sleep on,
   * and /one answers at once.
   */
  private static void sleepThenOne(RunningGateway gw, String url, int stillSleeping)
      throws Exception {
    long t = System.nanoTime();
    HttpResponse<String> slow = gw.get("/sleep");
    long ms = (System.nanoTime() - t) / 1_000_000;
    assertThat(slow.body(), slow.statusCode(), is(504));
    assertThat(ms, allOf(greaterThanOrEqualTo(500L), lessThan(1_500L)));
    assertThat(
        JSON.readTree(slow.body()).path("detail").asText(),
        is("the request did not complete within its 500ms deadline"));
    assertThat("statements still sleeping", TestDatabase.sleeping(url), is(stillSleeping));

    t = System.nanoTime();
    HttpResponse<String> one = gw.get("/one");
    assertThat(one.body(), one.statusCode(), is(200));
    assertThat(one.body(), is("{\"n\":1}"));
    assertThat((System.nanoTime() - t) / 1_000_000, lessThan(1_000L));
  }
}
