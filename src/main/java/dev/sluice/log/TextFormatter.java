package dev.sluice.log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** For humans: {@code 2026-11-26T01:02:03Z INFO sluice.server started port=8080}. */
final class TextFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(160);
    b.append(Instant.ofEpochMilli(r.getMillis()))
        .append(' ')
        .append(String.format("%-5s", JsonFormatter.level(r.getLevel())))
        .append(' ')
        .append(r.getLoggerName())
        .append(' ')
        .append(JsonFormatter.message(r));
    LogContext.requestId().ifPresent(id -> b.append(" request_id=").append(id));
    if (TraceFields.tracing()) {
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        b.append(" trace_id=")
            .append(span.getTraceId())
            .append(" span_id=")
            .append(span.getSpanId());
      }
    }
    Object[] params = r.getParameters();
    if (params != null && params.length == 1 && params[0] instanceof Fields f) {
      for (int i = 0; i < f.size(); i++) {
        b.append(' ').append(f.key(i)).append('=').append(f.value(i));
      }
    }
    b.append('\n');
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      b.append(trace);
    }
    return b.toString();
  }
}
