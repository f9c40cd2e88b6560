package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.runtime.ratelimit.TestRedis;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 12: with a rate-limit policy on {@code store: redis}, readiness reports Redis, and
 * its reason says whether the policy fails open or closed. Redis down fails readiness only for a
 * policy that fails closed (a redis-server of the test's own, stopped and started again).
 */
class RedisReadinessHttpTest {
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/readiness/gateway.yaml");

  private static final Duration AWAIT = Duration.ofSeconds(20);

  @Test
  void aFailOpenStoreDownIsReportedWithoutFailingReadiness() throws Exception {
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        RunningGateway gw = start(redis, "fail-open")) {
      awaitLimited(gw);
      HttpResponse<String> up = gw.get("/readyz?verbose");
      assertThat(up.statusCode(), is(200));
      assertThat(
          up.body(),
          containsString(
              "{\"name\":\"redis\",\"status\":\"UP\",\"reason\":\"rate-limit policy fail-open"
                  + " fails open\""));

      redis.stopProcess();
      HttpResponse<String> down =
          gw.awaitBody("/readyz?verbose", "\"name\":\"redis\",\"status\":\"DOWN\"", AWAIT);
      assertThat(down.body(), down.statusCode(), is(200));
      assertThat(down.body(), containsString("\"status\":\"UP\",\"checks\""));
      assertThat(down.body(), containsString("; rate-limit policy fail-open fails open\""));
      assertThat(down.body(), not(containsString(String.valueOf(redis.port()))));
      assertThat(gw.get("/limited").statusCode(), is(200)); // failing open

      redis.startProcess();
      gw.awaitBody("/readyz?verbose", "\"name\":\"redis\",\"status\":\"UP\"", AWAIT);
    }
  }

  @Test
  void aFailClosedStoreDownFailsReadiness() throws Exception {
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        RunningGateway gw = start(redis, "fail-closed")) {
      awaitLimited(gw);
      assertThat(gw.get("/readyz").statusCode(), is(200));

      redis.stopProcess();
      HttpResponse<String> down =
          gw.awaitBody("/readyz?verbose", "\"name\":\"redis\",\"status\":\"DOWN\"", AWAIT);
      assertThat(down.body(), down.statusCode(), is(503));
      assertThat(down.body(), containsString("; rate-limit policy fail-closed fails closed\""));
      assertThat(gw.get("/limited").statusCode(), is(503)); // failing closed

      redis.startProcess();
      gw.awaitBody("/readyz?verbose", "\"status\":\"UP\",\"checks\"", AWAIT);
    }
  }

  private static RunningGateway start(TestRedis.OwnRedis redis, String policy) throws Exception {
    return RunningGateway.start(
        CONFIG, Map.of("SLUICE_REDIS_URL", redis.url(), "SLUICE_POLICY", policy));
  }

  /** The first connection to Redis may take a moment on a busy machine. */
  private static void awaitLimited(RunningGateway gw) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    int status = -1;
    while (status != 200 && System.nanoTime() < deadline) {
      status = gw.get("/limited").statusCode();
      Thread.sleep(status == 200 ? 0 : 100);
    }
    assertThat(status, is(200));
  }
}
