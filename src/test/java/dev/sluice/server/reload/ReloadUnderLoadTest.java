package dev.sluice.server.reload;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance run: 64 clients on a static route and {@code GET /users/{id}} on PostgreSQL
 * while the route files change 35 times — 30 valid edits alternating two sets (a route added and
 * removed, a stack changed, a rate limit changed) and 5 invalid ones — through the file watcher. No
 * request may fail (no exception, no 5xx, no 404 for a route in both sets), each valid change must
 * serve within 1 s of the write, and each invalid one must leave the routes serving and count as
 * rejected.
 */
class ReloadUnderLoadTest {
  private static final int CLIENTS = 64;
  private static final int VALID = 30;
  private static final int INVALID = 5;

  @TempDir Path dir;

  private static String gateway(String url) {
    return """
        server: {host: 127.0.0.1, port: 0}
        reload: {debounce: 100ms}
        admin: {port: 0}
        route-files: [routes.yaml]
        datasources:
          main: {url: "%s", pool-size: 8}
        rate-limits:
          roomy: {capacity: 1000000000, refill: 1000000000, period: 1s, key: client-ip}
        stacks:
          plain: [request-id]
          limited: [request-id, {rate-limit: {policy: roomy}}]
        """
        .formatted(url);
  }

  /** Set A or B: both have / and /users/{id}; A has /only-a, B /only-b, another stack, limit. */
  private static String routes(boolean a) {
    return """
        routes:
          - {id: root, method: GET, path: /, stack: plain, static: {body: OK}}
          - id: user
            method: GET
            path: /users/{id}
            stack: %s
            params: {id: {in: path, type: integer}}
            sql: {datasource: main, query: "SELECT id, name FROM users WHERE id = :id", result: one}
          - {id: %s, method: GET, path: /%s, stack: limited, static: {body: "%s"}}
        """
        .formatted(
            a ? "plain" : "limited",
            a ? "only-a" : "only-b",
            a ? "only-a" : "only-b",
            a ? "a" : "b");
  }

  @Test
  void thirtyFiveEditsUnderLoadLoseNoRequest() throws Exception {
    try (TestDatabase db = TestDatabase.createUsers()) {
      Files.writeString(dir.resolve("gateway.yaml"), gateway(db.url()));
      Path routes = dir.resolve("routes.yaml");
      Files.writeString(routes, routes(true));
      ConfigSource source = ConfigSource.of(dir.resolve("gateway.yaml"), Environment.of(Map.of()));
      GatewayServer server =
          GatewayServer.start(
              ((GatewayRuntime.Result.Built) source.load()).runtime(), Optional.of(source));
      try (ConfigWatcher watcher =
          ConfigWatcher.start(server.reloader().orElseThrow(), server::runtime)) {
        run(server, routes);
      } finally {
        server.close();
      }
    }
  }

  private void run(GatewayServer server, Path routes) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = "http://127.0.0.1:" + server.port();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong requests = new AtomicLong();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!stop.get() && failures.size() < 20) {
                      String path =
                          ThreadLocalRandom.current().nextBoolean()
                              ? "/"
                              : "/users/" + (1 + ThreadLocalRandom.current().nextInt(3));
                      try {
                        HttpResponse<String> r =
                            http.send(
                                HttpRequest.newBuilder(URI.create(base + path))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                          failures.add(path + " → " + r.statusCode() + " " + r.body());
                        }
                      } catch (Exception e) {
                        failures.add(path + " → " + e);
                      }
                      requests.incrementAndGet();
                    }
                  }));
    }
    Await.until("the clients under way", Duration.ofSeconds(10), () -> requests.get() > 0);
    List<Long> servedAfterMillis = new ArrayList<>();
    boolean a = true;
    int invalid = 0;
    for (int i = 0; i < VALID; i++) {
      a = !a;
      long written = System.nanoTime();
      Files.writeString(routes, routes(a));
      String path = a ? "/only-a" : "/only-b";
      String body = a ? "a" : "b";
      awaitServes(http, base + path, body, Duration.ofSeconds(5));
      servedAfterMillis.add((System.nanoTime() - written) / 1_000_000);
      if (i % 6 == 5 && invalid < INVALID) {
        invalid++;
        long rejected = rejected(server);
        Files.writeString(routes, routes(a).replace("stack: plain", "stack: plian"));
        Await.until(
            "the rejection counted", Duration.ofSeconds(5), () -> rejected(server) != rejected);
        assertThat(get(http, base + path).body(), is(body)); // the last good set serves
      }
    }
    stop.set(true);
    for (Thread t : clients) {
      t.join(Duration.ofSeconds(30));
    }
    dev.sluice.reliability.Report.line(
        "reload",
        String.format(
            "%d requests, %d failed, %d reloads (%d rejected) under 64 clients, slowest change"
                + " served after %d ms, median %d ms",
            requests.get(),
            failures.size(),
            VALID + invalid,
            invalid,
            servedAfterMillis.stream().mapToLong(Long::longValue).max().orElse(0),
            servedAfterMillis.stream().sorted().toList().get(servedAfterMillis.size() / 2)));
    assertThat(failures.stream().limit(5).toList(), is(empty()));
    assertThat(invalid, is(INVALID));
    assertThat(requests.get(), greaterThan(1000L));
    // 1 s is the promise (issue 12); a machine busy with other work (the test suite's own
    // parallel builds) can stretch a reload, so the default run allows 3 s and the reliability
    // suite, run on a quiet machine, sets SLUICE_STRICT_TIMING=1.
    long bound = "1".equals(System.getenv("SLUICE_STRICT_TIMING")) ? 1000L : 3000L;
    for (long ms : servedAfterMillis) {
      assertThat("a valid change served after " + servedAfterMillis, ms, lessThan(bound));
    }
  }

  private static long rejected(GatewayServer server) {
    return server.reloader().orElseThrow().rejectedCount();
  }

  private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void awaitServes(HttpClient http, String uri, String body, Duration within)
      throws Exception {
    Await.value(
        uri + " serving " + body,
        within,
        () -> get(http, uri),
        r -> r.statusCode() == 200 && r.body().equals(body));
  }
}
