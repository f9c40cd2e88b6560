package dev.sluice.log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One JSON object per line: {@code ts, level, logger, msg, request_id, trace_id, span_id}, then the
 * record's fields, then {@code error} with the stack trace when one was logged.
 *
 * <p>Credentials in URLs are masked in the message, string fields and the trace ({@link
 * UrlCredentials}).
 *
 * <p>Written by hand into one {@link StringBuilder}: this runs once per request for the access log,
 * and a generator, a writer and a date formatter per line cost more than the line itself.
 * Thread-safe (no state but the shared {@link Timestamps} cache).
 */
final class JsonFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(320);
    b.append("{\"ts\":\"");
    Timestamps.append(b, r.getMillis());
    b.append("\",\"level\":\"").append(level(r.getLevel())).append('"');
    field(b, "logger", r.getLoggerName() == null ? "" : r.getLoggerName());
    field(b, "msg", message(r));
    String requestId = LogContext.requestIdOrNull();
    if (requestId != null) {
      field(b, "request_id", requestId);
    }
    if (TraceFields.tracing()) {
      SpanContext span = Span.current().getSpanContext();
      if (span.isValid()) {
        field(b, "trace_id", span.getTraceId());
        field(b, "span_id", span.getSpanId());
      }
    }
    Object[] params = r.getParameters();
    if (params != null && params.length == 1 && params[0] instanceof Fields f) {
      for (int i = 0; i < f.size(); i++) {
        String key = f.key(i);
        b.append(",\"");
        JsonText.escape(b, key);
        if (reserved(key)) {
          b.append("_field"); // never a second "msg" or "request_id" in one object
        }
        b.append("\":");
        value(b, f.value(i));
      }
    }
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      field(b, "error", UrlCredentials.strip(trace.toString()));
    }
    return b.append("}\n").toString();
  }

  /** The members every line has; a field of the same name is written as {@code name_field}. */
  private static boolean reserved(String key) {
    return switch (key) {
      case "ts", "level", "logger", "msg", "request_id", "trace_id", "span_id", "error" -> true;
      default -> false;
    };
  }

  private static void field(StringBuilder b, String key, String value) {
    b.append(",\"").append(key).append("\":\"");
    JsonText.escape(b, value);
    b.append('"');
  }

  private static void value(StringBuilder b, Object v) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte
        || v instanceof AtomicInteger
        || v instanceof AtomicLong) {
      b.append(((Number) v).longValue());
    } else if (v instanceof BigInteger || v instanceof BigDecimal) {
      b.append(v); // exact digits: a JSON number (BigDecimal may use an exponent, still JSON)
    } else if (v instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isFinite(d)) {
        b.append(d);
      } else {
        b.append('"').append(d).append('"'); // NaN and infinities are not JSON numbers
      }
    } else if (v instanceof Boolean bool) {
      b.append(bool.booleanValue());
    } else {
      b.append('"');
      JsonText.escape(b, UrlCredentials.strip(String.valueOf(v)));
      b.append('"');
    }
  }

  /** The record's message, its parameters filled in, without credentials in URLs. */
  static String message(LogRecord r) {
    return UrlCredentials.strip(formatted(r));
  }

  private static String formatted(LogRecord r) {
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
