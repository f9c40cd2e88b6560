package dev.sluice.log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * For humans: {@code 2026-11-26T01:02:03Z INFO sluice.server started port=8080}.
 *
 * <p>One record is one line, whatever its text holds: control characters in the message and in
 * field values are escaped ({@code \r}, {@code \n}, {@code \t}, {@code \u0085}), and a value that
 * is empty or holds a space, {@code =}, {@code "}, {@code \} or an escaped character is written in
 * double quotes with {@code "} and {@code \} escaped — so a CR/LF in a value that reaches a line (a
 * database error quoting the input) cannot forge another line, and {@code a=b c=d} inside a value
 * cannot pass for two fields. A stack trace follows on lines that each start with a tab, so every
 * line that starts in column 0 is the start of a record.
 */
final class TextFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(160);
    b.append(Instant.ofEpochMilli(r.getMillis()))
        .append(' ')
        .append(String.format("%-5s", JsonFormatter.level(r.getLevel())))
        .append(' ')
        .append(r.getLoggerName())
        .append(' ');
    JsonText.escape(b, JsonFormatter.message(r), false, true);
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
        b.append(' ');
        JsonText.escape(b, f.key(i), false, true);
        b.append('=');
        value(b, UrlCredentials.strip(String.valueOf(f.value(i))));
      }
    }
    b.append('\n');
    if (r.getThrown() != null) {
      StringWriter trace = new StringWriter();
      r.getThrown().printStackTrace(new PrintWriter(trace));
      for (String line : UrlCredentials.strip(trace.toString()).stripTrailing().split("\\R", -1)) {
        b.append('\t');
        JsonText.escape(b, line, false, true);
        b.append('\n');
      }
    }
    return b.toString();
  }

  /** A field value: as it is when it is plain, else quoted with its specials escaped. */
  static void value(StringBuilder b, String v) {
    if (plain(v)) {
      b.append(v);
      return;
    }
    b.append('"');
    JsonText.escape(b, v, true, true);
    b.append('"');
  }

  private static boolean plain(String v) {
    if (v.isEmpty()) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '=' || c == '"' || c == '\\' || JsonText.control(c)) {
        return false;
      }
    }
    return true;
  }
}
