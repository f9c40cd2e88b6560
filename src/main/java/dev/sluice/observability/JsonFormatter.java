package dev.sluice.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.http.Exchange;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code ts, level, logger, msg, request_id, trace_id, span_id}, then the
 * record's fields, then {@code error} with the stack trace when one was logged.
 */
final class JsonFormatter extends Formatter {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String format(LogRecord r) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("ts", Instant.ofEpochMilli(r.getMillis()).toString());
      g.writeStringField("level", level(r.getLevel()));
      g.writeStringField("logger", r.getLoggerName() == null ? "" : r.getLoggerName());
      g.writeStringField("msg", message(r));
      Exchange.current().ifPresent(ex -> write(g, "request_id", ex.requestId()));
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        g.writeStringField("trace_id", span.getTraceId());
        g.writeStringField("span_id", span.getSpanId());
      }
      Object[] params = r.getParameters();
      if (params != null && params.length == 1 && params[0] instanceof Fields f) {
        for (Map.Entry<String, Object> e : f.values().entrySet()) {
          g.writeFieldName(e.getKey());
          Object v = e.getValue();
          if (v instanceof Integer || v instanceof Long) {
            g.writeNumber(((Number) v).longValue());
          } else if (v instanceof Number n) {
            g.writeNumber(n.doubleValue());
          } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
          } else {
            g.writeString(String.valueOf(v));
          }
        }
      }
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        g.writeStringField("error", trace.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      return "{\"level\":\"ERROR\",\"msg\":\"log line could not be written\"}\n";
    }
    return out.append('\n').toString();
  }

  private static void write(JsonGenerator g, String k, String v) {
    try {
      g.writeStringField(k, v);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String message(LogRecord r) {
    Object[] p = r.getParameters();
    String msg = r.getMessage() == null ? "" : r.getMessage();
    if (p != null
        && p.length > 0
        && !(p.length == 1 && p[0] instanceof Fields)
        && msg.contains("{0")) {
      try {
        return java.text.MessageFormat.format(msg, p);
      } catch (IllegalArgumentException e) {
        return msg;
      }
    }
    return msg;
  }

  static String level(Level l) {
    int v = l.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (v >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (v >= Level.INFO.intValue()) {
      return "INFO";
    }
    return "DEBUG";
  }
}
