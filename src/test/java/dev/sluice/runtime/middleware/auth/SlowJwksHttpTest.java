package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.nimbusds.jose.jwk.ECKey;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 item 2: a JWKS server that sends its body a byte at a time cannot hang JWT requests. The
 * whole fetch is bounded, and no request waits on a fetch in progress: it uses the cached keys, or
 * gets a 503 when there are none. Every request here must answer well within the test client's
 * {@value #ANSWER_WITHIN_SECONDS} s, although the server would take hours to finish its body.
 */
class SlowJwksHttpTest {
  private static final int ANSWER_WITHIN_SECONDS = 30;

  @TempDir static Path dir;
  private static DribblingJwksServer jwks;
  private static RunningGateway gateway;
  private static ECKey ec;

  @BeforeAll
  static void start() throws Exception {
    ec = Tokens.ec("ec-1");
    jwks = new DribblingJwksServer();
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        server:
          host: 127.0.0.1
          port: ${SLUICE_PORT}
          shutdown: {drain-delay: 0s, grace: 5s}
        logging: {level: error}
        stacks:
          cold:
            - auth: {jwt: {algorithms: [ES256], audience: sluice, jwks: {url: "${JWKS_URL}/cold.json"}}}
          warm:
            - auth: {jwt: {algorithms: [ES256], audience: sluice, jwks: {url: "${JWKS_URL}/warm.json"}}}
        route-files: [routes/*.yaml]
        """);
    Files.createDirectories(dir.resolve("routes"));
    Files.writeString(
        dir.resolve("routes/slow.yaml"),
        """
        routes:
          - {id: cold, method: GET, path: /cold, stack: cold, static: {body: cold ok}}
          - {id: warm, method: GET, path: /warm, stack: warm, static: {body: warm ok}}
        """);
    gateway = RunningGateway.start(config, Map.of("JWKS_URL", jwks.baseUrl()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  @Test
  void withoutKeysASlowJwksServerMakesRequestsA503NotAHang() throws Exception {
    jwks.dribble("/cold.json");
    String token = Tokens.es256(ec, Tokens.claims("ada", Map.of()).build());
    List<Future<HttpResponse<String>>> sent = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 6; i++) {
        sent.add(pool.submit(() -> bearer("/cold", token)));
      }
      for (Future<HttpResponse<String>> f : sent) {
        HttpResponse<String> res = f.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
        assertThat(res.body(), res.statusCode(), is(503));
        assertThat(res.headers().firstValue("Content-Type").orElseThrow(), is(PROBLEM));
        assertThat(res.headers().firstValue("Retry-After").isPresent(), is(true));
      }
    }
    // the gateway gave up on the slow responses rather than leaving them open
    await(() -> jwks.dribbling("/cold.json") == 0);
    assertThat(jwks.hits("/cold.json"), lessThanOrEqualTo(JwksKeys.FETCHES_PER_INTERVAL));
  }

  @Test
  void withCachedKeysRequestsNeverWaitOnASlowFetchInProgress() throws Exception {
    jwks.publish("/warm.json", List.of(ec));
    String known = Tokens.es256(ec, Tokens.claims("ada", Map.of()).build());
    assertThat(bearer("/warm", known).statusCode(), is(200));

    jwks.dribble("/warm.json");
    String unknown = Tokens.es256(Tokens.ec("rotated-1"), Tokens.claims("ada", Map.of()).build());
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      // an unknown key id fetches the key set again: the server dribbles that fetch
      Future<HttpResponse<String>> fetching = pool.submit(() -> bearer("/warm", unknown));
      await(() -> jwks.dribbling("/warm.json") == 1);

      // meanwhile: a known key is served from the cache, another unknown one refused at once
      HttpResponse<String> cached = bearer("/warm", known);
      assertThat(cached.body(), cached.statusCode(), is(200));
      String other = Tokens.es256(Tokens.ec("rotated-2"), Tokens.claims("ada", Map.of()).build());
      HttpResponse<String> refused = bearer("/warm", other);
      assertThat(refused.body(), refused.statusCode(), is(401));
      assertThat(refused.body(), containsString("no key matches"));
      assertThat("answered while the fetch was in progress", jwks.dribbling("/warm.json"), is(1));

      // the request that started the fetch answers too, once the fetch's bound is reached
      HttpResponse<String> res = fetching.get(ANSWER_WITHIN_SECONDS, TimeUnit.SECONDS);
      assertThat(res.body(), res.statusCode(), is(401));
      assertThat(res.body(), containsString("no key matches"));
    }
    await(() -> jwks.dribbling("/warm.json") == 0);
    assertThat(
        "the cached keys survive the failed fetch", bearer("/warm", known).statusCode(), is(200));
  }

  private static final String PROBLEM = "application/problem+json";

  private static HttpResponse<String> bearer(String path, String token) throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(gateway.uri(path))
            .timeout(Duration.ofSeconds(ANSWER_WITHIN_SECONDS))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_WITHIN_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + ANSWER_WITHIN_SECONDS + " s");
      }
      Thread.sleep(20);
    }
  }
}
