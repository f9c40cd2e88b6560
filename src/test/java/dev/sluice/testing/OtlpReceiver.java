package dev.sluice.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * An OpenTelemetry collector stand-in on loopback: accepts OTLP/HTTP protobuf exports of spans
 * ({@code /v1/traces}) and log records ({@code /v1/logs}) and keeps what it decoded.
 */
public final class OtlpReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
  private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
  private final AtomicInteger exports = new AtomicInteger();

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  public static OtlpReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    OtlpReceiver r = new OtlpReceiver(server);
    server.createContext("/v1/traces", r::traces);
    server.createContext("/v1/logs", r::logs);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return r;
  }

  public String tracesEndpoint() {
    return base() + "/v1/traces";
  }

  public String logsEndpoint() {
    return base() + "/v1/logs";
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** How many export requests arrived, of either kind. */
  public int exports() {
    return exports.get();
  }

  public List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public List<ReceivedLog> logs() {
    return List.copyOf(logs);
  }

  /** The first span that matches, waiting up to {@code timeout} for it to be exported. */
  public ReceivedSpan awaitSpan(Predicate<ReceivedSpan> match, Duration timeout)
      throws InterruptedException {
    return await(spans, match, timeout);
  }

  /** The first log record that matches, waiting up to {@code timeout} for it to be exported. */
  public ReceivedLog awaitLog(Predicate<ReceivedLog> match, Duration timeout)
      throws InterruptedException {
    return await(logs, match, timeout);
  }

  private static <T> T await(List<T> received, Predicate<T> match, Duration timeout)
      throws InterruptedException {
    return Await.value(
            "a match among what was received (" + received + ")",
            timeout,
            () -> received.stream().filter(match).findFirst(),
            Optional::isPresent)
        .get();
  }

  private void traces(HttpExchange ex) throws IOException {
    for (ResourceSpans r : ExportTraceServiceRequest.parseFrom(body(ex)).getResourceSpansList()) {
      r.getScopeSpansList().stream()
          .flatMap(scope -> scope.getSpansList().stream())
          .forEach(s -> spans.add(new ReceivedSpan(r.getResource(), s)));
    }
    answer(ex, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private void logs(HttpExchange ex) throws IOException {
    for (ResourceLogs r : ExportLogsServiceRequest.parseFrom(body(ex)).getResourceLogsList()) {
      for (ScopeLogs scope : r.getScopeLogsList()) {
        String name = scope.getScope().getName();
        scope.getLogRecordsList().forEach(l -> logs.add(new ReceivedLog(r.getResource(), name, l)));
      }
    }
    answer(ex, ExportLogsServiceResponse.getDefaultInstance().toByteArray());
  }

  private byte[] body(HttpExchange ex) throws IOException {
    exports.incrementAndGet();
    try (InputStream in =
        "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))
            ? new GZIPInputStream(ex.getRequestBody())
            : ex.getRequestBody()) {
      return in.readAllBytes();
    }
  }

  private static void answer(HttpExchange ex, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
    ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    ex.getResponseBody().write(body);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream()
        .filter(kv -> kv.getKey().equals(key))
        .findFirst()
        .map(kv -> text(kv.getValue()))
        .orElse(null);
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> String.valueOf(v.getIntValue());
      case DOUBLE_VALUE -> String.valueOf(v.getDoubleValue());
      case BOOL_VALUE -> String.valueOf(v.getBoolValue());
      default -> v.toString();
    };
  }

  /** A random trace id ({@code bytes} 16) or span id (8) in lower-case hex, never all zeros. */
  public static String randomId(int bytes) {
    byte[] b = new byte[bytes];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(b);
    b[0] |= 1; // never all zeros (invalid)
    return HexFormat.of().formatHex(b);
  }

  static String hex(com.google.protobuf.ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  /** One exported span with the resource it came from; ids in lower-case hex. */
  public record ReceivedSpan(Resource resource, Span span) {
    public String traceId() {
      return hex(span.getTraceId());
    }

    public String spanId() {
      return hex(span.getSpanId());
    }

    /** Empty for a root span. */
    public String parentSpanId() {
      return hex(span.getParentSpanId());
    }

    public String name() {
      return span.getName();
    }

    public Span.SpanKind kind() {
      return span.getKind();
    }

    /** The attribute as text, or null when absent. */
    public String attribute(String key) {
      return OtlpReceiver.attribute(span.getAttributesList(), key);
    }

    public String resourceAttribute(String key) {
      return OtlpReceiver.attribute(resource.getAttributesList(), key);
    }

    @Override
    public String toString() {
      return name() + " " + kind() + " trace=" + traceId() + " span=" + spanId();
    }
  }

  /** One exported log record, with its resource and instrumentation scope (the logger). */
  public record ReceivedLog(Resource resource, String scope, LogRecord record) {
    public String traceId() {
      return hex(record.getTraceId());
    }

    public String spanId() {
      return hex(record.getSpanId());
    }

    public String body() {
      return record.getBody().getStringValue();
    }

    public String attribute(String key) {
      return OtlpReceiver.attribute(record.getAttributesList(), key);
    }

    public String resourceAttribute(String key) {
      return OtlpReceiver.attribute(resource.getAttributesList(), key);
    }
  }
}
