package dev.sluice.runtime.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * Child spans of the request being handled on this thread. The server span puts its tracer in the
 * context beside itself, so code below it (SQL, rate-limit stores) needs no wiring of its own: when
 * the request is not traced, or its trace is not sampled, it gets the no-op invalid span.
 */
public final class Spans {
  static final ContextKey<Tracer> TRACER = ContextKey.named("sluice-tracer");

  /** OpenTelemetry's {@code error.type}: the class of error a failed operation ended with. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private Spans() {}

  /**
   * A started child of the current span, or {@link Span#getInvalid()} (whose methods do nothing)
   * when there is no recording span to be a child of. End it.
   */
  public static Span child(String name, SpanKind kind) {
    Context current = Context.current();
    Tracer tracer = current.get(TRACER);
    if (tracer == null || !Span.fromContext(current).isRecording()) {
      return Span.getInvalid();
    }
    return tracer.spanBuilder(name).setParent(current).setSpanKind(kind).startSpan();
  }
}
