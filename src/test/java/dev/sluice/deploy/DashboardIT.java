package dev.sluice.deploy;

import static dev.sluice.deploy.KubernetesManifestsIT.list;
import static dev.sluice.deploy.KubernetesManifestsIT.map;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard of docker-compose.yml against the real thing: the packaged jar serves the
 * shipped config, a real Prometheus (Debian's) scrapes it with the compose stack's scrape config
 * (only the addresses and intervals changed), and every query of every panel is run through
 * Prometheus' query API. Each must parse, name only meters the gateway exposes (or one listed below
 * as not built yet), and — after some traffic, including 404s and 429s — return series.
 */
class DashboardIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern METRIC = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  /** Meters a panel shows that the gateway does not expose yet, and who adds them (none now). */
  private static final Map<String, String> NOT_YET = Map.of();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private Path dir;

  @Test
  void everyPanelQueryRunsOnMetersTheGatewayExposes() throws Exception {
    dir = Files.createTempDirectory("sluice-dashboard");
    int port = freePort();
    int metricsPort = freePort();
    start(
        "gateway.log",
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar",
            System.getProperty("sluice.jar", "target/sluice.jar"),
            "serve",
            "-c",
            "config/gateway.yaml"),
        Map.of(
            "SLUICE_PORT",
            String.valueOf(port),
            "SLUICE_HOST",
            "127.0.0.1",
            "SLUICE_METRICS_PORT",
            String.valueOf(metricsPort),
            "SLUICE_ADMIN_PORT",
            String.valueOf(freePort()),
            "SLUICE_API_KEY_SHA256",
            KubernetesManifestsIT.STAND_IN_KEY_SHA256,
            "SLUICE_DRAIN_DELAY",
            "0s",
            "SLUICE_LOG_LEVEL",
            "warn"));
    String base = "http://127.0.0.1:" + port;
    await(() -> status(base + "/readyz") == 200, "the gateway's /readyz", Duration.ofSeconds(60));
    for (int i = 0; i < 5; i++) {
      assertThat(status(base + "/users/1"), is(200));
    }
    assertThat(status(base + "/nope"), is(404));
    for (int i = 0; i < 7; i++) {
      send(
          HttpRequest.newBuilder(URI.create(base + "/login"))
              .POST(HttpRequest.BodyPublishers.noBody()));
    }

    // Prometheus with the compose stack's scrape config, pointed at this gateway's metrics port.
    int promPort = freePort();
    Map<String, Object> promConfig =
        map(new Yaml().load(Files.readString(ROOT.resolve("deploy/compose/prometheus.yml"))));
    map(promConfig.get("global")).put("scrape_interval", "1s");
    for (Map<String, Object> job : list(promConfig.get("scrape_configs"))) {
      job.put("scrape_interval", "1s");
      String target =
          "sluice".equals(job.get("job_name"))
              ? "127.0.0.1:" + metricsPort
              : "127.0.0.1:" + promPort;
      job.put("static_configs", List.of(Map.of("targets", List.of(target))));
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, new Yaml().dump(promConfig));
    Path prometheus = Command.require("prometheus", "ci/services.sh installs Debian's prometheus");
    start(
        "prometheus.log",
        List.of(
            prometheus.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + dir.resolve("data"),
            "--web.listen-address=127.0.0.1:" + promPort),
        Map.of());
    String api = "http://127.0.0.1:" + promPort + "/api/v1/query?query=";
    await(
        () -> !result(api, "sluice_rate_limit_rejected_total{policy=\"login\"} > 0").isEmpty(),
        "a scrape with the 429s",
        Duration.ofSeconds(60));
    Thread.sleep(3_000); // a few more scrapes, so rate() has points

    String exposition = body("http://127.0.0.1:" + metricsPort + "/metrics");
    Map<String, Object> dashboard =
        JSON.readValue(
            Files.readString(ROOT.resolve("deploy/compose/grafana/dashboards/sluice.json")),
            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    List<String> problems = new ArrayList<>();
    int queries = 0;
    for (Map<String, Object> panel : list(dashboard.get("panels"))) {
      for (Map<String, Object> target : list(panel.get("targets"))) {
        queries++;
        String expr = ((String) target.get("expr")).replace("$__rate_interval", "30s");
        String where = "panel \"" + panel.get("title") + "\" " + target.get("refId") + ": " + expr;
        Set<String> names = new LinkedHashSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
          names.add(m.group(1));
        }
        if (names.isEmpty()) {
          problems.add(where + ": names no meter");
        }
        boolean pending = false;
        for (String name : names) {
          if (NOT_YET.containsKey(name)) {
            pending = true;
          } else if (!Pattern.compile("(?m)^" + Pattern.quote(name) + "[{ ]")
              .matcher(exposition)
              .find()) {
            problems.add(where + ": the gateway exposes no " + name);
          }
        }
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(api + encode(expr))));
        JsonNode answer = JSON.readTree(res.body());
        if (res.statusCode() != 200 || !"success".equals(answer.path("status").asText())) {
          problems.add(where + ": Prometheus says " + res.body());
        } else if (!pending
            && !expr.contains("=~\"5..\"")
            && answer.path("data").path("result").isEmpty()) {
          problems.add(where + ": no series after the traffic");
        }
      }
    }
    assertThat(queries, is(not(0)));
    assertThat(String.join("\n", problems), problems, is(empty()));
  }

  // --- helpers -------------------------------------------------------------------------------

  private void start(String log, List<String> cmd, Map<String, String> env) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    processes.add(pb.redirectOutput(dir.resolve(log).toFile()).start());
  }

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private JsonNode result(String api, String query) throws Exception {
    HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(api + encode(query))));
    return res.statusCode() == 200
        ? JSON.readTree(res.body()).path("data").path("result")
        : JSON.createArrayNode();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private void await(Condition c, String what, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        assertThat(
            "a process exited while waiting for " + what + ": " + logs(), p.isAlive(), is(true));
      }
      try {
        if (c.holds()) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no " + what + " within " + max + "\n" + logs());
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (String log : List.of("gateway.log", "prometheus.log")) {
      try {
        s.append("--- ").append(log).append(":\n").append(Files.readString(dir.resolve(log)));
      } catch (IOException e) {
        s.append("--- ").append(log).append(": none\n");
      }
    }
    return s.toString();
  }

  private int status(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url))).statusCode();
  }

  private String body(String url) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url))).body();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
