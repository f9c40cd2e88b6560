package dev.sluice.runtime.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.sluice.runtime.ratelimit.TestRedis;
import dev.sluice.spec.TelemetrySpec;
import dev.sluice.testing.OtlpReceiver;
import dev.sluice.testing.OtlpReceiver.ReceivedLog;
import dev.sluice.testing.OtlpReceiver.ReceivedSpan;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestDatabase;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status.StatusCode;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spans over HTTP on a real PostgreSQL, exported to an OTLP/HTTP receiver on loopback: the server
 * span continues the caller's trace, SQL and rate-limit calls are its children, sampling follows
 * the caller, and neither a disabled tracer nor an unreachable collector touches requests.
 */
@SuppressWarnings("try") // two tests close a gateway early to see what it flushes
class TracingPostgresTest {
  static final Path CONFIG = Path.of("src/test/resources/configs/tracing/gateway.yaml");
  private static final Duration EXPORTED = Duration.ofSeconds(15);

  private static TestDatabase db;
  private static OtlpReceiver otlp;
  private static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabase.createUsers();
    otlp = OtlpReceiver.start();
    gateway = gateway(otlp.tracesEndpoint(), true);
  }

  /** The test config on {@link #db}, exporting to {@code endpoint}. */
  static RunningGateway gateway(String endpoint, boolean enabled) throws Exception {
    return RunningGateway.start(
        CONFIG,
        Map.of(
            "SLUICE_DB_URL",
            db.url(),
            "SLUICE_REDIS_URL",
            TestRedis.requireUrl(),
            "OTLP_TRACES",
            endpoint,
            "TRACING_ENABLED",
            String.valueOf(enabled)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (gateway != null) {
      gateway.close();
    }
    if (otlp != null) {
      otlp.close();
    }
    if (db != null) {
      db.close();
    }
  }

  @Test
  void aSampledCallerGetsAServerSpanWithSqlAndRateLimitChildren() throws Exception {
    String traceId = hex(16);
    String callerSpan = hex(8);
    HttpResponse<String> res =
        gateway.send(
            HttpRequest.newBuilder(gateway.uri("/users/2"))
                .header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                .header("User-Agent", "tracing-test/1.0"));
    assertThat(res.body(), res.statusCode(), is(200));
    String traceparent = res.headers().firstValue("traceparent").orElseThrow();
    assertThat(traceparent, matchesPattern("00-" + traceId + "-[0-9a-f]{16}-01"));

    ReceivedSpan server = serverSpan(traceId);
    assertThat(server.parentSpanId(), is(callerSpan));
    assertThat(server.spanId(), is(traceparent.substring(36, 52)));
    assertThat(server.name(), is("GET /users/{id}"));
    assertThat(server.attribute("http.request.method"), is("GET"));
    assertThat(server.attribute("http.route"), is("/users/{id}"));
    assertThat(server.attribute("http.response.status_code"), is("200"));
    assertThat(server.attribute("url.path"), is("/users/2"));
    assertThat(server.attribute("client.address"), is("127.0.0.1"));
    assertThat(server.attribute("user_agent.original"), is("tracing-test/1.0"));
    assertThat(server.attribute("sluice.route.id"), is("get-user"));
    assertThat(server.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_UNSET));
    assertThat(server.resourceAttribute("service.name"), is("sluice-test"));
    assertThat(server.resourceAttribute("service.version"), is(notNullValue()));

    String database = db.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
    ReceivedSpan sql = child(server, SpanKind.SPAN_KIND_CLIENT, "SELECT " + database);
    assertThat(sql.attribute("db.system.name"), is("postgresql"));
    assertThat(sql.attribute("db.namespace"), is(database));
    assertThat(sql.attribute("db.operation.name"), is("SELECT"));
    assertThat(
        sql.attribute("db.query.text"),
        is("SELECT id, name, email, created_at FROM users WHERE id = ?"));
    assertThat(sql.attribute("sluice.datasource"), is("main"));
    assertThat(sql.attribute("server.address"), is("127.0.0.1"));

    ReceivedSpan limit = child(server, SpanKind.SPAN_KIND_CLIENT, "rate-limit generous");
    assertThat(limit.attribute("sluice.rate_limit.store"), is("redis"));
    assertThat(limit.attribute("sluice.rate_limit.allowed"), is("true"));
  }

  @Test
  void bodyValuesNeverReachTheQueryText() throws Exception {
    String traceId = hex(16);
    HttpResponse<String> res =
        gateway.send(
            HttpRequest.newBuilder(gateway.uri("/users"))
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"Grace Hopper\",\"email\":\"grace-secret@example.com\"}")));
    assertThat(res.body(), res.statusCode(), is(201));

    ReceivedSpan server = serverSpan(traceId);
    ReceivedSpan sql = sqlChild(server);
    assertThat(sql.attribute("db.query.text"), matchesPattern("INSERT INTO users .*\\?.*\\?.*"));
    assertThat(sql.span().toString(), not(matchesPattern("(?s).*(grace-secret|Grace Hopper).*")));
    assertThat(server.name(), is("POST /users"));
    assertThat(server.attribute("http.response.status_code"), is("201"));
  }

  @Test
  void aFailingStatementMakesBothSpansErrorsWithoutTheMessage() throws Exception {
    String traceId = hex(16);
    // a GET whose SQL writes: described fine at start, refused by the read-only session when run
    // (/typo's statement is rejected at start, so that route never reaches the database)
    HttpResponse<String> res = tracedGet("/sneaky", traceId, "01");
    assertThat(res.statusCode(), is(500));

    ReceivedSpan server = serverSpan(traceId);
    assertThat(server.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_ERROR));
    assertThat(server.attribute("error.type"), is("500"));
    ReceivedSpan sql = sqlChild(server);
    assertThat(sql.span().getStatus().getCode(), is(StatusCode.STATUS_CODE_ERROR));
    assertThat(sql.attribute("db.response.status_code"), is("25006")); // read-only transaction
    assertThat(sql.attribute("error.type"), is("25006"));
    assertThat(sql.span().getEventsList(), is(empty()));
  }

  @Test
  void anUnmatchedRequestIsNamedByItsMethodAlone() throws Exception {
    String traceId = hex(16);
    assertThat(tracedGet("/no/such/route", traceId, "01").statusCode(), is(404));

    ReceivedSpan server = serverSpan(traceId);
    assertThat(server.name(), is("GET"));
    assertThat(server.attribute("http.route"), is(nullValue()));
    assertThat(server.attribute("http.response.status_code"), is("404"));
  }

  @Test
  void anUnsampledCallerIsFollowedAndNothingIsExported() throws Exception {
    String unsampled = hex(16);
    HttpResponse<String> res = tracedGet("/users/1", unsampled, "00");
    assertThat(res.statusCode(), is(200));
    assertThat(
        res.headers().firstValue("traceparent").orElseThrow(),
        matchesPattern("00-" + unsampled + "-[0-9a-f]{16}-00"));

    // Spans leave in the order they end: once a later sampled request's span is in, an earlier
    // one would be too.
    String sampled = hex(16);
    tracedGet("/users/1", sampled, "01");
    serverSpan(sampled);
    assertThat(
        otlp.spans().stream().filter(s -> s.traceId().equals(unsampled)).toList(), is(empty()));
  }

  @Test
  void withTracingOffNothingIsExportedAndNoTraceparentIsSent() throws Exception {
    try (OtlpReceiver quiet = OtlpReceiver.start();
        RunningGateway off = gateway(quiet.tracesEndpoint(), false)) {
      HttpResponse<String> res =
          off.send(
              HttpRequest.newBuilder(off.uri("/users/1"))
                  .header("traceparent", "00-" + hex(16) + "-" + hex(8) + "-01"));
      assertThat(res.statusCode(), is(200));
      assertThat(res.headers().firstValue("traceparent").isPresent(), is(false));
      off.close(); // would flush anything queued
      assertThat(quiet.exports(), is(0));
    }
  }

  @Test
  void anUnreachableCollectorNeitherSlowsNorFailsRequests() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (RunningGateway unreachable =
        gateway("http://127.0.0.1:" + closedPort + "/v1/traces", true)) {
      for (int i = 0; i < 30; i++) {
        long start = System.nanoTime();
        HttpResponse<String> res = unreachable.get("/users/" + (1 + i % 3));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(res.statusCode(), is(200));
        assertThat("request " + i + " took " + millis + " ms", millis, lessThan(1000L));
        Thread.sleep(50); // spread over more than one export interval
      }
      long start = System.nanoTime();
      unreachable.close();
      assertThat((System.nanoTime() - start) / 1_000_000, lessThan(5000L));
    }
  }

  @Test
  void logRecordsGoToTheCollectorWithTheirTraceAndRequest() throws Exception {
    TelemetrySpec telemetry =
        new TelemetrySpec(
            TelemetrySpec.Metrics.defaults(),
            TelemetrySpec.Tracing.defaults(),
            new TelemetrySpec.Logs(TelemetrySpec.Export.OTLP, URI.create(otlp.logsEndpoint())));
    String traceId = hex(16);
    ReceivedLog access;
    String serverSpan;
    try (LogExport export = LogExport.install(telemetry)) {
      HttpResponse<String> res =
          gateway.send(
              HttpRequest.newBuilder(gateway.uri("/users/1"))
                  .header("traceparent", "00-" + traceId + "-" + hex(8) + "-01")
                  .header("X-Request-Id", "log-export-1"));
      serverSpan = res.headers().firstValue("traceparent").orElseThrow().substring(36, 52);
      // the access line is written just after the response is sent: wait for its export
      access =
          otlp.awaitLog(
              l -> l.scope().equals("sluice.access") && l.traceId().equals(traceId), EXPORTED);
    }
    assertThat(access.spanId(), is(serverSpan));
    assertThat(access.body(), is("request"));
    assertThat(access.record().getSeverityText(), is("INFO"));
    assertThat(access.attribute("request_id"), is("log-export-1"));
    assertThat(access.attribute("route"), is("get-user"));
    assertThat(access.attribute("status"), is("200"));
    assertThat(access.resourceAttribute("service.name"), is("sluice"));
  }

  private static HttpResponse<String> tracedGet(String path, String traceId, String flags)
      throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(gateway.uri(path))
            .header("traceparent", "00-" + traceId + "-" + hex(8) + "-" + flags));
  }

  /** The exported server span of trace {@code traceId}. */
  private static ReceivedSpan serverSpan(String traceId) throws InterruptedException {
    return otlp.awaitSpan(
        s -> s.traceId().equals(traceId) && s.kind() == SpanKind.SPAN_KIND_SERVER, EXPORTED);
  }

  /** The SQL statement's span under {@code parent} (its other CLIENT child is the rate limit). */
  private static ReceivedSpan sqlChild(ReceivedSpan parent) throws InterruptedException {
    return otlp.awaitSpan(
        s ->
            s.traceId().equals(parent.traceId())
                && s.parentSpanId().equals(parent.spanId())
                && s.kind() == SpanKind.SPAN_KIND_CLIENT
                && !s.name().startsWith("rate-limit "),
        EXPORTED);
  }

  /** The child of {@code parent} of {@code kind} named {@code name}. */
  private static ReceivedSpan child(ReceivedSpan parent, SpanKind kind, String name)
      throws InterruptedException {
    return otlp.awaitSpan(
        s ->
            s.traceId().equals(parent.traceId())
                && s.parentSpanId().equals(parent.spanId())
                && s.kind() == kind
                && s.name().equals(name),
        EXPORTED);
  }

  static String hex(int bytes) {
    return OtlpReceiver.randomId(bytes);
  }
}
