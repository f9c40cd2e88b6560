package dev.sluice.runtime.proxy;

import dev.sluice.runtime.telemetry.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.net.http.HttpRequest;
import java.util.Set;

/**
 * The CLIENT span of one upstream call (OpenTelemetry's HTTP client conventions: {@code
 * server.address}, {@code server.port}, {@code url.full} without user-info, {@code
 * http.request.method}, {@code http.response.status_code}) and its {@code traceparent} on the
 * upstream request. Without tracing the client's own {@code traceparent} and {@code tracestate}
 * pass through untouched.
 */
final class ProxyTelemetry {
  static final ProxyTelemetry INSTANCE = new ProxyTelemetry();

  private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final Set<String> TRACE_HEADERS = Set.of("traceparent", "tracestate");
  private static final TextMapSetter<HttpRequest.Builder> SETTER = HttpRequest.Builder::setHeader;

  private ProxyTelemetry() {}

  /** Starts the span of a call to {@code t}. */
  Call start(String method, Target t, String target) {
    Span span = Spans.child(method, SpanKind.CLIENT);
    if (span.isRecording()) {
      span.setAttribute(SERVER, t.uri.getHost());
      span.setAttribute(PORT, (long) t.uri.getPort());
      span.setAttribute(METHOD, method);
      span.setAttribute(URL, t.uri + target);
    }
    return new Call(span);
  }

  /** One call's span. */
  static final class Call {
    private final Span span;

    Call(Span span) {
      this.span = span;
    }

    /** The client headers not to copy: the trace headers when this call has a span of its own. */
    Set<String> propagated() {
      return span.getSpanContext().isValid() ? TRACE_HEADERS : Set.of();
    }

    /** Puts this span's {@code traceparent} on the request (when it has a span). */
    void inject(HttpRequest.Builder b) {
      if (span.getSpanContext().isValid()) {
        W3CTraceContextPropagator.getInstance().inject(Context.current().with(span), b, SETTER);
      }
    }

    /** Ends the span: with the upstream's status, or failed with {@code errorType}. */
    void end(int status, String errorType) {
      if (span.isRecording()) {
        if (status > 0) {
          span.setAttribute(STATUS, (long) status);
        }
        if (errorType != null || status >= 500) {
          span.setAttribute(
              Spans.ERROR_TYPE, errorType != null ? errorType : String.valueOf(status));
          span.setStatus(StatusCode.ERROR);
        }
      }
      span.end();
    }
  }
}
