package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.runtime.ratelimit.TestRedis;
import dev.sluice.testing.Await;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Redis goes away under a running gateway (a redis-server of the test's own, stopped, then paused
 * with SIGSTOP so that it accepts and answers nothing): {@code on-store-failure: allow} keeps
 * serving, {@code deny} answers 503, and no request waits past the 250 ms Redis timeout.
 */
class RateLimitOutageHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/outage/gateway.yaml");

  /**
   * The Redis timeout plus what an HTTP round trip may take: 400 ms on a quiet machine
   * (SLUICE_STRICT_TIMING=1), 1.5 s on a shared one at load average 20 (a hang is the client's 10
   * s).
   */
  private static final long MAX_MILLIS =
      250 + ("1".equals(System.getenv("SLUICE_STRICT_TIMING")) ? 400 : 1500);

  @Test
  void allowKeepsServingDenyAnswers503AndNothingHangs() throws Exception {
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger("sluice.ratelimit");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel() == Level.WARNING) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(capture);
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        RunningGateway gw = RunningGateway.start(CONFIG, Map.of("SLUICE_REDIS_URL", redis.url()))) {
      awaitLimited(gw, "/open");
      awaitLimited(gw, "/closed");

      redis.stopProcess();
      assertOutage(gw);

      redis.startProcess();
      awaitLimited(gw, "/open");
      awaitLimited(gw, "/closed");

      redis.pause();
      try {
        assertOutage(gw);
      } finally {
        redis.resume();
      }
      awaitLimited(gw, "/closed");
    } finally {
      log.removeHandler(capture);
    }
    // 40 failures per policy; a warning at most every 10 s per policy, the first at once
    for (String policy : List.of("fail-open", "fail-closed")) {
      long n =
          warnings.stream()
              .filter(r -> r.getMessage().equals("rate-limit store unavailable"))
              .filter(r -> String.valueOf(r.getParameters()[0]).contains(policy))
              .count();
      assertThat(policy + " warnings", n >= 1 && n <= 2, is(true));
    }
  }

  private static void assertOutage(RunningGateway gw) throws Exception {
    for (int i = 0; i < 10; i++) {
      long t = System.nanoTime();
      HttpResponse<String> open = gw.get("/open");
      assertThat(millisSince(t), lessThan(MAX_MILLIS));
      assertThat(open.statusCode(), is(200));
      assertThat(open.body(), is("open"));
      assertThat(open.headers().firstValue("RateLimit-Limit").isPresent(), is(false));

      t = System.nanoTime();
      HttpResponse<String> closed = gw.get("/closed");
      assertThat(millisSince(t), lessThan(MAX_MILLIS));
      assertThat(closed.statusCode(), is(503));
      assertThat(closed.headers().firstValue("Retry-After").orElse(""), is("1"));
      assertThat(
          closed.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
      JsonNode body = JSON.readTree(closed.body());
      assertThat(
          body.path("detail").asText(),
          is("the rate limiter cannot reach its store; retry shortly"));
    }
  }

  /** Waits until Redis answers for {@code path}: a 200 with rate-limit headers. */
  private static void awaitLimited(RunningGateway gw, String path) throws Exception {
    HttpResponse<String> res =
        Await.value(
            path + " reaching Redis",
            Duration.ofSeconds(10),
            () -> gw.get(path),
            r -> r.statusCode() == 200 && r.headers().firstValue("RateLimit-Limit").isPresent());
    assertThat(res.headers().firstValue("RateLimit-Limit").get(), is("1000"));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
