package dev.sluice.log;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.runtime.ratelimit.TestRedis;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestDatabase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Scope;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** trace_id and span_id in log lines: after request_id, only inside a traced request. */
@SuppressWarnings("try") // scopes held only for their close()
class TraceLogFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void jsonLinesCarryTheCurrentSpanBeforeTheFields() throws Exception {
    String line;
    try (Scope s = current()) {
      line = new JsonFormatter().format(record());
    }
    List<String> keys = new ArrayList<>();
    JSON.readTree(line).fieldNames().forEachRemaining(keys::add);
    assertThat(keys, contains("ts", "level", "logger", "msg", "trace_id", "span_id", "route"));
    assertThat(JSON.readTree(line).path("trace_id").asText(), is(TRACE));
    assertThat(JSON.readTree(line).path("span_id").asText(), is(SPAN));
  }

  @Test
  void textLinesCarryTheCurrentSpanBeforeTheFields() {
    try (Scope s = current()) {
      assertThat(
          new TextFormatter().format(record()),
          containsString(" msg trace_id=" + TRACE + " span_id=" + SPAN + " route=r\n"));
    }
  }

  @Test
  void withNoTracerProviderRunningTheContextIsNotLookedAt() {
    // tracing off: the formatter does not look the context up, so even a current span is not seen
    org.junit.jupiter.api.Assumptions.assumeFalse(
        TraceFields.tracing(), "a tracer provider of another test is still running");
    try (Scope s =
        Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()))
            .makeCurrent()) {
      assertThat(new JsonFormatter().format(record()), not(containsString("trace_id")));
      assertThat(new TextFormatter().format(record()), not(containsString("trace_id")));
    }
  }

  @Test
  void outsideASpanThereAreNoTraceFields() {
    assertThat(new JsonFormatter().format(record()), not(containsString("trace_id")));
    assertThat(new TextFormatter().format(record()), not(containsString("trace_id")));
  }

  /**
   * One request on PostgreSQL with tracing on: the access-log line and the SQL handler's line share
   * the request id and the trace id of the caller's traceparent, and name the server span.
   */
  @Test
  void theAccessLineAndAnAppLineOfOneRequestShareItsIds() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort(); // the spans go nowhere: only the log lines matter here
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Handler capture = capture(lines);
    List<Logger> loggers =
        List.of(Logger.getLogger("sluice.access"), Logger.getLogger("sluice.sql"));
    try (TestDatabase db = TestDatabase.createUsers();
        RunningGateway gateway =
            RunningGateway.start(
                Path.of("src/test/resources/configs/tracing/gateway.yaml"),
                Map.of(
                    "SLUICE_DB_URL",
                    db.url(),
                    "SLUICE_REDIS_URL",
                    TestRedis.requireUrl(),
                    "OTLP_TRACES",
                    "http://127.0.0.1:" + closedPort + "/v1/traces"))) {
      loggers.forEach(l -> l.addHandler(capture));
      HttpResponse<String> res =
          gateway.send(
              HttpRequest.newBuilder(gateway.uri("/users"))
                  .header("traceparent", "00-" + TRACE + "-" + SPAN + "-01")
                  .header("X-Request-Id", "trace-log-fields")
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"name\":\"Ada again\",\"email\":\"ada@example.com\"}")));
      assertThat(res.body(), res.statusCode(), is(409)); // duplicate: sluice.sql logs it
      String serverSpan = res.headers().firstValue("traceparent").orElseThrow().substring(36, 52);

      JsonNode sql = JSON.readTree(lines.poll(5, TimeUnit.SECONDS));
      JsonNode access = JSON.readTree(lines.poll(5, TimeUnit.SECONDS));
      assertThat(sql.path("msg").asText(), is("statement failed"));
      assertThat(access.path("logger").asText(), is("sluice.access"));
      for (JsonNode line : List.of(sql, access)) {
        assertThat(line.toString(), line.path("request_id").asText(), is("trace-log-fields"));
        assertThat(line.toString(), line.path("trace_id").asText(), is(TRACE));
        assertThat(line.toString(), line.path("span_id").asText(), is(serverSpan));
      }
    } finally {
      loggers.forEach(l -> l.removeHandler(capture));
    }
  }

  /** Formats on the logging thread, as the stdout handler does, while the request is bound. */
  private static Handler capture(BlockingQueue<String> lines) {
    JsonFormatter json = new JsonFormatter();
    return new Handler() {
      @Override
      public void publish(LogRecord r) {
        lines.add(json.format(r));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  /** A current span, as a running tracer provider (counted in TraceFields) would make it. */
  private static Scope current() {
    TraceFields.providerStarted();
    Scope scope =
        Span.wrap(SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()))
            .makeCurrent();
    return () -> {
      scope.close();
      TraceFields.providerStopped();
    };
  }

  private static LogRecord record() {
    LogRecord r = new LogRecord(Level.INFO, "msg");
    r.setLoggerName("sluice.test");
    r.setParameters(new Object[] {Fields.of("route", "r")});
    return r;
  }
}
