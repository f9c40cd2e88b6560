package dev.sluice.runtime.telemetry;

import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Set;

/**
 * The dispatch inside a SERVER span: the caller's W3C {@code traceparent}/{@code tracestate} is the
 * parent (a sampled parent is followed whatever the ratio), the response carries the span's own
 * {@code traceparent}, and the span is current on the handling thread for the whole chain — so
 * access-log and every other log line of the request carry its ids, and SQL and rate-limit calls
 * become its children. Named {@code METHOD /route/{template}} once routed, {@code METHOD} when no
 * route matched; attributes follow OpenTelemetry's HTTP server conventions; ERROR on a 5xx.
 */
final class ServerSpans implements Handler {
  static final HeaderName TRACEPARENT = HeaderNames.create("traceparent");
  static final HeaderName TRACESTATE = HeaderNames.create("tracestate");

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> METHOD_ORIGINAL =
      AttributeKey.stringKey("http.request.method_original");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  private static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  private static final AttributeKey<String> CLIENT = AttributeKey.stringKey("client.address");
  private static final AttributeKey<String> USER_AGENT =
      AttributeKey.stringKey("user_agent.original");
  private static final AttributeKey<String> ROUTE_ID = AttributeKey.stringKey("sluice.route.id");

  /** HTTP's methods (RFC 9110, PATCH): any other is {@code _OTHER}, so names stay few. */
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  /** The two headers the W3C propagator asks for, by their constant names. */
  private static final TextMapGetter<Headers> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Headers carrier) {
          return carrier.stream().map(h -> h.name()).toList();
        }

        @Override
        public String get(Headers carrier, String key) {
          HeaderName name =
              switch (key) {
                case "traceparent" -> TRACEPARENT;
                case "tracestate" -> TRACESTATE;
                default -> null;
              };
          return carrier == null || name == null ? null : carrier.first(name).orElse(null);
        }
      };

  private final Tracer tracer;
  private final Handler dispatch;

  ServerSpans(Tracer tracer, Handler dispatch) {
    this.tracer = tracer;
    this.dispatch = dispatch;
  }

  @Override
  @SuppressWarnings("try") // the scope is held only for its close()
  public void handle(Exchange ex) throws Exception {
    ServerRequest req = ex.request();
    Context parent =
        W3CTraceContextPropagator.getInstance().extract(Context.root(), req.headers(), HEADERS);
    String method = req.prologue().method().text();
    boolean known = KNOWN_METHODS.contains(method);
    String name = known ? method : "HTTP";
    SpanBuilder b =
        tracer
            .spanBuilder(name)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute(METHOD, known ? method : "_OTHER")
            .setAttribute(PATH, req.path().rawPath())
            .setAttribute(SCHEME, req.isSecure() ? "https" : "http")
            .setAttribute(CLIENT, ex.clientAddress());
    if (!known) {
      b.setAttribute(METHOD_ORIGINAL, method);
    }
    req.headers().first(HeaderNames.USER_AGENT).ifPresent(ua -> b.setAttribute(USER_AGENT, ua));
    Span span = b.startSpan();
    ex.response().header(TRACEPARENT, traceparent(span.getSpanContext()));
    try (Scope scope = parent.with(span).with(Spans.TRACER, tracer).makeCurrent()) {
      dispatch.handle(ex);
    } catch (Exception | Error e) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Spans.ERROR_TYPE, e.getClass().getName());
      throw e;
    } finally {
      end(span, name, ex);
    }
  }

  private static void end(Span span, String name, Exchange ex) {
    String template = ex.routeTemplate();
    if (!template.isEmpty()) {
      span.updateName(name + " " + template);
      span.setAttribute(ROUTE, template);
      span.setAttribute(ROUTE_ID, ex.routeId());
    }
    int status = ex.response().status().code();
    span.setAttribute(STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(Spans.ERROR_TYPE, String.valueOf(status));
    }
    span.end();
  }

  /** The W3C header that names {@code span}: version 00, trace id, span id, flags. */
  static String traceparent(SpanContext span) {
    return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
  }
}
