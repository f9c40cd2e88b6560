package dev.sluice.server.metrics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.runtime.http.RequestIds;
import dev.sluice.testing.GatewayExtension;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on the production routing, after traffic to SQL routes on PostgreSQL, a static
 * route, a rate-limited one and unknown paths.
 */
class MetricsHttpTest {
  private static final String DURATION_COUNT = RequestMeters.DURATION + "_count";

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("src/test/resources/configs/metrics/gateway.yaml")
          .usersDatabase("SLUICE_DB_URL");

  private final Http1Client client =
      Http1Client.builder().baseUri("http://127.0.0.1:" + gateway.port()).build();

  @Test
  void histogramCountsRequestsByRouteTemplateMethodAndStatus() {
    Exposition before = scrape(); // other tests share the server: compare counts with these
    for (int i = 0; i < 3; i++) {
      assertThat(status(Method.GET, "/users/" + (i + 1)), is(200));
    }
    assertThat(status(Method.GET, "/users/999999"), is(404)); // the statement found no row
    assertThat(status(Method.GET, "/users/abc"), is(400)); // refused before the database
    assertThat(status(Method.GET, "/no/such/route"), is(404));
    assertThat(status(Method.PUT, "/hello"), is(405));
    assertThat(status(Method.GET, "/limited"), is(200));
    assertThat(status(Method.GET, "/limited"), is(429));

    Exposition after = scrape();
    assertThat(added(before, after, "/users/{id}", "GET", "200"), is(3.0));
    assertThat(added(before, after, "/users/{id}", "GET", "404"), is(1.0));
    assertThat(added(before, after, "/users/{id}", "GET", "400"), is(1.0));
    assertThat(added(before, after, RequestMeters.UNMATCHED, "GET", "404"), is(1.0));
    assertThat(added(before, after, RequestMeters.UNMATCHED, "PUT", "405"), is(1.0));
    assertThat(added(before, after, "/limited", "GET", "200"), is(1.0));
    assertThat(added(before, after, "/limited", "GET", "429"), is(1.0));
    Map<String, String> ok =
        Map.of("http_route", "/users/{id}", "http_response_status_code", "200", "le", "+Inf");
    assertThat(
        after.value(RequestMeters.DURATION + "_bucket", ok).orElseThrow()
            - before.value(RequestMeters.DURATION + "_bucket", ok).orElse(0.0),
        is(3.0));
    // labels are templates or "unmatched", never a raw path (the registry is the process's:
    // other tests' servers have their own templates in it)
    after.samples().stream()
        .map(x -> x.labels().getOrDefault("http_route", ""))
        .forEach(
            r ->
                assertThat(
                    r,
                    r.contains("999999") || r.contains("abc") || r.contains("no/such"),
                    is(false)));
    // four statements ran (three rows, one none); the 400 never reached the database
    Map<String, String> getUser = Map.of("datasource", "main", "route", "get-user");
    String queries = RuntimeMeters.QUERY_DURATION + "_count";
    assertThat(
        after.value(queries, getUser).orElseThrow() - before.value(queries, getUser).orElse(0.0),
        is(4.0));
    assertThat(
        after
            .value(RuntimeMeters.RATE_LIMIT_REJECTED + "_total", Map.of("policy", "once-an-hour"))
            .orElseThrow(),
        is(1.0));
    assertThat(
        "one key: the route",
        after.value(RuntimeMeters.RATE_LIMIT_KEYS, Map.of("policy", "once-an-hour")).orElseThrow(),
        is(1.0));
  }

  @Test
  void gatewayPoolConfigAndProcessMetersAreThere() {
    assertThat(status(Method.GET, "/users/1"), is(200));
    Exposition m = scrape();
    assertThat(
        m.value(RuntimeMeters.POOL_MAX, Map.of("datasource", "main", "pool", "ro")).orElseThrow(),
        is(4.0));
    for (String pool : new String[] {"rw", "ro"}) {
      for (String state : new String[] {"active", "idle", "pending"}) {
        assertThat(
            pool + " " + state,
            m.value(
                    RuntimeMeters.POOL_CONNECTIONS,
                    Map.of("datasource", "main", "pool", pool, "state", state))
                .isPresent(),
            is(true));
      }
    }
    assertThat(
        m.value(RuntimeMeters.POOL_CONNECTIONS, Map.of("pool", "ro", "state", "idle"))
            .orElseThrow(),
        greaterThan(0.0));
    assertThat(
        m.value(
                RuntimeMeters.CONFIG_INFO,
                Map.of("hash", gateway.gateway().server().runtime().snapshot().hash()))
            .orElseThrow(),
        is(1.0));
    assertThat(
        m.names(),
        hasItems(
            RequestMeters.ACTIVE,
            "process_cpu_seconds_total",
            "process_open_fds",
            "process_max_fds",
            "memory_used_heap_bytes",
            "gc_total",
            "thread_live",
            "jvm_uptime_seconds"));
    assertThat(m.value("process_open_fds", Map.of()).orElseThrow(), greaterThan(0.0));
    // built-in names in snake_case
    assertThat(m.names().stream().filter(n -> n.matches(".*[a-z][A-Z].*")).toList(), is(empty()));
  }

  @Test
  void theMetricsPathIsNotRouted() {
    try (Http1ClientResponse res = client.get("/metrics").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(res.headers().contentType().orElseThrow().text(), startsWith("text/plain"));
      // one Cache-Control line, not Helidon's four (issue 15)
      assertThat(
          res.headers().all(HeaderNames.CACHE_CONTROL, List::of),
          is(List.of("no-cache, no-store, must-revalidate, no-transform")));
    }
    try (Http1ClientResponse res = client.method(Method.HEAD).uri("/metrics").request()) {
      assertThat(res.status().code(), is(405));
      assertThat(res.headers().first(HeaderNames.ALLOW).orElseThrow(), is("GET, OPTIONS"));
    }
    try (Http1ClientResponse res =
        client
            .method(Method.POST)
            .uri("/metrics")
            .header(HeaderNames.create(RequestIds.HEADER), "abc-1")
            .request()) {
      assertThat(res.status().code(), is(405));
      assertThat(res.headers().first(HeaderNames.ALLOW).orElseThrow(), is("GET, OPTIONS"));
      assertThat(res.headers().contentType().orElseThrow().text(), is("application/problem+json"));
      String body = res.as(String.class);
      assertThat(body, containsString("\"status\":405"));
      assertThat(body, containsString("\"detail\":\"the metrics endpoint answers GET"));
      assertThat(body, containsString("\"request_id\":\"abc-1\""));
    }
    Exposition m = scrape();
    assertThat(
        m.samples().stream()
            .filter(s -> s.name().equals(DURATION_COUNT))
            .map(s -> s.labels().get("http_route"))
            .filter(r -> r.contains("metrics"))
            .toList(),
        is(empty()));
  }

  @Test
  void promtoolAcceptsTheExposition() throws Exception {
    Path promtool = PrometheusBinaries.require("promtool");
    assertThat(status(Method.GET, "/users/1"), is(200));
    assertThat(status(Method.GET, "/nowhere"), is(404));
    Path file = Files.createTempFile("sluice-metrics", ".txt");
    try {
      Files.writeString(file, scrape().text());
      Process p =
          new ProcessBuilder(promtool.toString(), "check", "metrics")
              .redirectInput(file.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS), is(true));
      assertThat(out, p.exitValue(), is(0));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void tenThousandUnknownPathsAddNoSeries() {
    assertThat(status(Method.GET, "/unknown/first"), is(404)); // the unmatched series exists
    Set<String> before = scrape().series();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      String path = "/scan/" + Long.toHexString(random.nextLong()) + "/" + i;
      assertThat(status(Method.GET, path), is(404));
    }
    Set<String> after = scrape().series();
    Set<String> added = new java.util.TreeSet<>(after);
    added.removeAll(before);
    assertThat(added, is(empty()));
    assertThat(
        scrape()
            .value(
                DURATION_COUNT,
                Map.of(
                    "http_route",
                    RequestMeters.UNMATCHED,
                    "http_request_method",
                    "GET",
                    "http_response_status_code",
                    "404"))
            .orElseThrow(),
        greaterThan(10_000.0));
  }

  private int status(Method method, String path) {
    try (Http1ClientResponse res = client.method(method).uri(path).request()) {
      return res.status().code();
    }
  }

  private Exposition scrape() {
    try (Http1ClientResponse res = client.get("/metrics").request()) {
      assertThat(res.status().code(), is(200));
      return new Exposition(res.as(String.class));
    }
  }

  private static double added(
      Exposition before, Exposition after, String route, String method, String status) {
    return count(route, method, status, after)
            .orElseThrow(
                () -> new AssertionError("no series for " + method + " " + route + " " + status))
        - count(route, method, status, before).orElse(0.0);
  }

  private static java.util.Optional<Double> count(
      String route, String method, String status, Exposition m) {
    return m.value(
        DURATION_COUNT,
        Map.of(
            "http_route",
            route,
            "http_request_method",
            method,
            "http_response_status_code",
            status));
  }
}
