package dev.sluice.server.metrics;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.testing.RunningGateway;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the endpoint is: beside a catch-all route on the main port, or on a port of its own; and
 * nowhere when turned off.
 */
class MetricsListenerTest {
  private static final Path CONFIGS = Path.of("src/test/resources/configs");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void theCatchAllRouteDoesNotShadowTheMetrics() throws Exception {
    try (RunningGateway s =
        RunningGateway.start(CONFIGS.resolve("metrics-catchall/gateway.yaml"), Map.of())) {
      assertThat(get(s.port(), "/anything/else").body(), is("caught"));
      HttpResponse<String> m = get(s.port(), "/metrics");
      assertThat(m.statusCode(), is(200));
      assertThat(m.body(), containsString("http_route=\"/{path...}\""));
      assertThat(s.server().metricsPort(), is(-1));
    }
  }

  @Test
  void aMetricsPortTakesTheEndpointOffTheMainPort() throws Exception {
    try (RunningGateway s =
        RunningGateway.start(CONFIGS.resolve("metrics-port/gateway.yaml"), Map.of())) {
      assertThat(s.server().metricsPort(), greaterThan(0));
      assertThat(get(s.port(), "/metrics").body(), is("caught")); // a route like any
      HttpResponse<String> m = get(s.server().metricsPort(), "/metrics");
      assertThat(m.statusCode(), is(200));
      assertThat(
          m.headers().allValues("Cache-Control"),
          is(java.util.List.of("no-cache, no-store, must-revalidate, no-transform")));
      assertThat(m.body(), containsString("http_route=\"/{path...}\""));
      assertThat(get(s.server().metricsPort(), "/anything").statusCode(), is(404));
      // issue 18: the readiness checks go with the metrics; the traffic port tells UP or DOWN only
      assertThat(get(s.port(), "/readyz?verbose").body(), is("{\"status\":\"UP\"}"));
      String detailed = get(s.server().metricsPort(), "/readyz?verbose").body();
      assertThat(detailed, startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"shutdown\""));
      assertThat(detailed, containsString("{\"name\":\"server\",\"status\":\"UP\""));
      assertThat(get(s.server().metricsPort(), "/healthz").statusCode(), is(200));
      assertThat(get(s.port(), "/healthz").statusCode(), is(200));
      // HTTP/1.0 gets the same 505 problem there as on the main port, not a silent close
      assertThat(
          raw(s.server().metricsPort(), "GET /metrics HTTP/1.0"), startsWith("HTTP/1.1 505 "));
      // targets that are not paths are a 4xx problem there too (issue 15)
      for (String line : new String[] {"CONNECT host:443 HTTP/1.1", "OPTIONS * HTTP/1.1"}) {
        String r = raw(s.server().metricsPort(), line);
        assertThat(line, r, startsWith("HTTP/1.1 4"));
        assertThat(line, r, containsString("Content-Type: application/problem+json"));
      }
    }
  }

  /** The response to one request line (with a Host header), until the server closes or pauses. */
  private static String raw(int port, String requestLine) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(2000);
      socket
          .getOutputStream()
          .write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(US_ASCII));
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buf)) > 0; ) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        // Helidon may keep the connection open after Connection: close
      }
      return got.toString(US_ASCII);
    }
  }

  @Test
  void disabledMetricsServeNothing() throws Exception {
    GatewayMetrics off = GatewayMetrics.disabled();
    assertThat(off.enabled(), is(false));
    dev.sluice.runtime.http.Handler h = ex -> {};
    assertThat(off.around(h), is(h));
    try (RunningGateway s =
        RunningGateway.start(CONFIGS.resolve("metrics-port/off.yaml"), Map.of())) {
      HttpResponse<String> m = get(s.port(), "/metrics");
      assertThat(m.body(), is("caught"));
      assertThat(m.body(), not(containsString("jvm")));
      assertThat(s.server().metricsPort(), is(-1));
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
