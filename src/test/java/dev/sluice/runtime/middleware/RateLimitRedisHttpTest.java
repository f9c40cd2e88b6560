package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.runtime.ratelimit.TestRedis;
import dev.sluice.testing.Await;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two gateways in this JVM (separate route tables, separate Redis clients) share the machine's
 * Redis: one policy of 100 requests per hour for one key lets 100 of 300 requests through across
 * both; on the local store each gateway lets its own 100 through. The same with two processes:
 * {@code dev.sluice.cli.SharedRedisIT}.
 */
class RateLimitRedisHttpTest {
  static final Path CONFIG = Path.of("src/test/resources/configs/ratelimit/redis/gateway.yaml");

  @Test
  void threeHundredRequestsAcrossTwoGatewaysOnOneRedisBucket() throws Exception {
    String url = TestRedis.requireUrl();
    String run = TestRedis.uniqueRun();
    Map<String, String> env = Map.of("SLUICE_REDIS_URL", url);
    try (RunningGateway a = RunningGateway.start(CONFIG, env);
        RunningGateway b = RunningGateway.start(CONFIG, env)) {
      warmUp(a, run);
      warmUp(b, run);
      int[] counts = spread(a, b, "/shared", run);
      assertThat("200s", counts[0], allOf(greaterThanOrEqualTo(98), lessThanOrEqualTo(102)));
      assertThat("429s", counts[1], is(300 - counts[0]));
      // a refusal from a Redis bucket names one moment in both fields too (issue 15): the next
      // of 100 tokens an hour, at most 36 s away
      HttpResponse<String> refused = get(a, "/shared", run);
      assertThat(refused.statusCode(), is(429));
      String retryAfter = refused.headers().firstValue("Retry-After").orElseThrow();
      assertThat(refused.headers().firstValue("RateLimit-Reset").orElseThrow(), is(retryAfter));
      assertThat(
          Long.parseLong(retryAfter), allOf(greaterThanOrEqualTo(1L), lessThanOrEqualTo(36L)));
      assertThat(
          TestRedis.keys(url, "sluice:rl:hourly-redis:" + run),
          is(List.of("sluice:rl:hourly-redis:" + run)));
    } finally {
      TestRedis.deleteKeys(url, "sluice:rl:hourly-redis:" + run + "*");
    }
  }

  @Test
  void withTheLocalStoreEachGatewayAllowsItsOwnHundred() throws Exception {
    Map<String, String> env = Map.of("SLUICE_REDIS_URL", "redis://127.0.0.1:1");
    String run = TestRedis.uniqueRun();
    try (RunningGateway a = RunningGateway.start(CONFIG, env);
        RunningGateway b = RunningGateway.start(CONFIG, env)) {
      int[] counts = spread(a, b, "/own", run);
      assertThat(counts[0], is(200));
      assertThat(counts[1], is(100));
    }
  }

  /** One request on a key of its own, so the counted ones do not wait for the first connection. */
  static void warmUp(RunningGateway gw, String run) throws Exception {
    Await.until(
        "the gateway reaching Redis",
        Duration.ofSeconds(10),
        () -> get(gw, "/shared", run + "-warm-up").statusCode() == 200);
  }

  /** 300 requests alternating between the gateways, 8 at a time: {200s, 429s}. */
  static int[] spread(RunningGateway a, RunningGateway b, String path, String key)
      throws Exception {
    return TestRedis.spread(i -> get(i % 2 == 0 ? a : b, path, key).statusCode());
  }

  static HttpResponse<String> get(RunningGateway gw, String path, String key) throws Exception {
    return gw.send(HttpRequest.newBuilder(gw.uri(path)).header("X-Run", key));
  }
}
