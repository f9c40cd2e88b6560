package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import dev.sluice.runtime.ratelimit.TestRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two Sluice processes on different ports share the machine's Redis with a policy of 100 requests
 * per hour for one key: of 300 requests spread across both, 100 (±2) succeed and the rest are 429.
 * With {@code store: local}, each process allows its own 100. The key is unique to the run, and
 * only its Redis keys are deleted afterwards.
 */
class SharedRedisIT {
  private static final String CONFIG = "src/test/resources/configs/ratelimit/redis/gateway.yaml";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void twoProcessesShareOneRedisBucketAndKeepTheirOwnLocalOnes() throws Exception {
    String url = TestRedis.requireUrl();
    String run = TestRedis.uniqueRun();
    int portA = SluiceProcess.freePort();
    int portB = SluiceProcess.freePort();
    try (SluiceProcess a = start(portA, url);
        SluiceProcess b = start(portB, url)) {
      a.awaitReady(portA);
      b.awaitReady(portB);
      warmUp(portA, run);
      warmUp(portB, run);

      int[] shared = spread(portA, portB, "/shared", run);
      assertThat("200s", shared[0], allOf(greaterThanOrEqualTo(98), lessThanOrEqualTo(102)));
      assertThat("429s", shared[1], is(300 - shared[0]));

      int[] own = spread(portA, portB, "/own", run);
      assertThat("200s", own[0], is(200));
      assertThat("429s", own[1], is(100));

      assertThat(a.out(), not(containsString("\"level\":\"ERROR\"")));
      assertThat(b.out(), not(containsString("\"level\":\"ERROR\"")));
    } finally {
      TestRedis.deleteKeys(url, "sluice:rl:hourly-redis:" + run + "*");
    }
  }

  private static SluiceProcess start(int port, String redisUrl) throws IOException {
    return SluiceProcess.start(
        Map.of("SLUICE_PORT", String.valueOf(port), "SLUICE_REDIS_URL", redisUrl),
        "serve",
        "-c",
        CONFIG);
  }

  /** One request on a key of its own: the process connects to Redis before the counted ones. */
  private void warmUp(int port, String run) throws Exception {
    for (int i = 0; i < 100; i++) {
      if (get(port, "/shared", run + "-warm-up").statusCode() == 200) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the process on port " + port + " never reached Redis");
  }

  /** 300 requests alternating between the two processes, 8 at a time: {200s, 429s}. */
  private int[] spread(int portA, int portB, String path, String key) throws Exception {
    return TestRedis.spread(i -> get(i % 2 == 0 ? portA : portB, path, key).statusCode());
  }

  private HttpResponse<Void> get(int port, String path, String key) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-Run", key)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
