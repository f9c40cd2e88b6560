package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.OtlpReceiver;
import dev.sluice.testing.OtlpReceiver.ReceivedSpan;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestUpstream;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With tracing on, each upstream call is a CLIENT span under the request's SERVER span, exported to
 * an OTLP receiver on loopback, and the {@code traceparent} that reaches the upstream (a test
 * server echoing its request headers) names that span in the same trace.
 */
class ProxyTracingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EXPORTED = Duration.ofSeconds(15);

  @TempDir static Path dir;
  static TestUpstream upstream;
  static OtlpReceiver otlp;
  static RunningGateway gw;
  static int deadPort;

  @BeforeAll
  static void start() throws Exception {
    upstream = TestUpstream.start("traced");
    otlp = OtlpReceiver.start();
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        telemetry:
          tracing: {enabled: true, endpoint: "OTLP", service-name: sluice-proxy-test}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          traced: {targets: ["UP"]}
          dead-first: {targets: ["http://127.0.0.1:DEAD", "UP"], outlier: {enabled: false}}
        """
            .replace("OTLP", otlp.tracesEndpoint())
            .replace("UP", upstream.url())
            .replace("DEAD", String.valueOf(deadPort)));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: traced
            method: ANY
            path: /traced/{rest...}
            stack: public
            params: {rest: {in: path}}
            proxy: {upstream: traced, path: "/{rest}"}
          - id: retried
            method: GET
            path: /retried
            stack: public
            proxy: {upstream: dead-first}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    if (otlp != null) {
      otlp.close();
    }
    upstream.close();
  }

  @Test
  void theUpstreamCallIsAClientSpanAndItsTraceparentGoesUpstream() throws Exception {
    String traceId = hex(16);
    String callerSpan = hex(8);
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/traced/orders/7?x=1&y=%2F"))
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("tracestate", "vendor=caller"));
    assertThat(r.body(), r.statusCode(), is(200));
    String upstreamTraceparent = echoedHeader(r, "traceparent");
    assertThat(upstreamTraceparent, matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01"));
    assertThat(echoedHeader(r, "tracestate"), is("vendor=caller"));

    ReceivedSpan server = span(traceId, SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId(), is(callerSpan));
    ReceivedSpan client = span(traceId, SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.parentSpanId(), is(server.spanId()));
    // the upstream's parent is the CLIENT span, not the server span or the caller's
    assertThat(upstreamTraceparent.substring(36, 52), is(client.spanId()));
    assertThat(client.name(), is("GET"));
    assertThat(client.attribute("server.address"), is("127.0.0.1"));
    assertThat(client.attribute("server.port"), is(String.valueOf(upstream.port())));
    assertThat(client.attribute("http.request.method"), is("GET"));
    assertThat(client.attribute("http.response.status_code"), is("200"));
    assertThat(
        client.attribute("url.full"),
        is("http://127.0.0.1:" + upstream.port() + "/orders/7?x=1&y=%2F"));
    assertThat(client.attribute("error.type"), is(nullValue()));
    assertThat(client.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_UNSET));
  }

  @Test
  void aNewTraceStartedHereReachesTheUpstream() throws Exception {
    HttpResponse<String> r = gw.get("/traced/fresh");
    assertThat(r.statusCode(), is(200));
    String toClient = r.headers().firstValue("traceparent").orElseThrow();
    String toUpstream = echoedHeader(r, "traceparent");
    String traceId = toClient.substring(3, 35);
    // a trace started here is sampled (01) and may carry W3C level 2's random bit (03)
    assertThat(toUpstream, matchesPattern("00-" + traceId + "-[0-9a-f]{16}-0[13]"));
    ReceivedSpan client = span(traceId, SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.parentSpanId(), is(toClient.substring(36, 52)));
    assertThat(toUpstream.substring(36, 52), is(client.spanId()));
  }

  @Test
  void anUpstreamErrorStatusMarksTheClientSpan() throws Exception {
    String traceId = hex(16);
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/traced/status?code=503"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));
    // 503 is retried for GET on another target; this upstream has one, so the last answer stands
    assertThat(r.statusCode(), is(503));
    ReceivedSpan client = span(traceId, SpanKind.SPAN_KIND_CLIENT);
    assertThat(client.attribute("http.response.status_code"), is("503"));
    assertThat(client.attribute("error.type"), is("503"));
    assertThat(client.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_ERROR));
  }

  @Test
  void aRefusedTryAndItsRetryAreTwoClientSpans() throws Exception {
    String traceId = hex(16);
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/retried"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01"));
    assertThat(r.statusCode(), is(200)); // round-robin starts at the dead target
    ReceivedSpan refused = clientSpanTo(traceId, deadPort);
    assertThat(refused.attribute("error.type"), is("connect"));
    assertThat(refused.attribute("http.response.status_code"), is(nullValue()));
    assertThat(refused.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_ERROR));
    ReceivedSpan answered = clientSpanTo(traceId, upstream.port());
    assertThat(answered.attribute("http.response.status_code"), is("200"));
    assertThat(answered.parentSpanId(), is(refused.parentSpanId()));
    assertThat(echoedHeader(r, "traceparent").substring(36, 52), is(answered.spanId()));
  }

  private static String echoedHeader(HttpResponse<String> r, String name) throws Exception {
    JsonNode h = JSON.readTree(r.body()).get("headers");
    return h.path(name).asText(null);
  }

  private static ReceivedSpan span(String traceId, SpanKind kind) throws InterruptedException {
    return otlp.awaitSpan(s -> s.traceId().equals(traceId) && s.kind() == kind, EXPORTED);
  }

  /** The CLIENT span of trace {@code traceId} that called {@code port}. */
  private static ReceivedSpan clientSpanTo(String traceId, int port) throws InterruptedException {
    return otlp.awaitSpan(
        s ->
            s.traceId().equals(traceId)
                && s.kind() == SpanKind.SPAN_KIND_CLIENT
                && String.valueOf(port).equals(s.attribute("server.port")),
        EXPORTED);
  }

  private static String hex(int bytes) {
    return OtlpReceiver.randomId(bytes);
  }
}
