package dev.sluice.server.metrics;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Await;
import dev.sluice.testing.RunningGateway;
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
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus (Debian's binary, on loopback, with a data directory of its own) scrapes a
 * gateway every second, and its query API finds the request histogram.
 */
class PrometheusScrapeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/metrics-catchall/gateway.yaml");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process prometheus;
  private Path dir;

  @Test
  void prometheusScrapesTheRequestHistogram() throws Exception {
    Path binary = PrometheusBinaries.require("prometheus");
    try (RunningGateway gateway = RunningGateway.start(CONFIG, Map.of())) {
      int port = gateway.port();
      for (int i = 0; i < 3; i++) {
        assertThat(
            get(URI.create("http://127.0.0.1:" + port + "/some/path")).statusCode(), is(200));
      }
      int promPort = freePort();
      dir = Files.createTempDirectory("sluice-prometheus");
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: sluice
              scrape_interval: 1s
              metrics_path: /metrics
              static_configs:
                - targets: ["127.0.0.1:%d"]
          """
              .formatted(port));
      prometheus =
          new ProcessBuilder(
                  binary.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + promPort)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();

      URI query =
          URI.create(
              "http://127.0.0.1:"
                  + promPort
                  + "/api/v1/query?query="
                  + URLEncoder.encode(
                      "http_server_request_duration_seconds_count{http_route=\"/{path...}\"}",
                      StandardCharsets.UTF_8));
      JsonNode series = awaitSeries(query, Duration.ofSeconds(60));
      assertThat(log(), series.size(), is(1));
      JsonNode metric = series.get(0).path("metric");
      assertThat(metric.path("job").asText(), is("sluice"));
      assertThat(metric.path("http_route").asText(), is("/{path...}"));
      assertThat(metric.path("http_request_method").asText(), is("GET"));
      assertThat(metric.path("http_response_status_code").asText(), is("200"));
      // the registry is the process's: other tests may have counted requests on this route too
      assertThat(series.get(0).path("value").get(1).asDouble(), greaterThanOrEqualTo(3.0));
    }
  }

  /** The query's result once it has one, polling until {@code timeout}. */
  private JsonNode awaitSeries(URI query, Duration timeout) throws Exception {
    // an IOException (Prometheus not listening yet) counts as not yet
    return Await.value(
        "a series from Prometheus",
        timeout,
        () -> {
          assertThat("prometheus exited: " + log(), prometheus.isAlive(), is(true));
          HttpResponse<String> res = get(query);
          return res.statusCode() == 200
              ? JSON.readTree(res.body()).path("data").path("result")
              : JSON.missingNode();
        },
        result -> !result.isMissingNode() && !result.isEmpty());
  }

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
