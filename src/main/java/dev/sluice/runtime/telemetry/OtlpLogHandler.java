package dev.sluice.runtime.telemetry;

import dev.sluice.log.Fields;
import dev.sluice.log.LogContext;
import dev.sluice.log.UrlCredentials;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.LogRecordBuilder;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Turns a java.util.logging record into an OpenTelemetry log record: the message as body, the
 * logger as instrumentation scope, {@code request_id} and the structured fields as attributes, the
 * current span as context, and the exception as {@code exception.*}. The SDK's own records (an
 * export that fails) are left to stdout, so a failing collector cannot feed itself.
 */
final class OtlpLogHandler extends Handler {
  private static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request_id");
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");
  private static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  private final SdkLoggerProvider provider;
  private final Formatter messages =
      new Formatter() {
        @Override
        public String format(LogRecord r) {
          return formatMessage(r);
        }
      };

  OtlpLogHandler(SdkLoggerProvider provider) {
    this.provider = provider;
  }

  @Override
  public void publish(LogRecord r) {
    String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
    if (!isLoggable(r) || logger.startsWith("io.opentelemetry")) {
      return;
    }
    LogRecordBuilder b =
        provider
            .get(logger)
            .logRecordBuilder()
            .setTimestamp(r.getInstant())
            .setContext(Context.current())
            .setSeverity(severity(r.getLevel()))
            .setSeverityText(r.getLevel().getName())
            .setBody(UrlCredentials.strip(messages.format(r)));
    LogContext.requestId().ifPresent(id -> b.setAttribute(REQUEST_ID, id));
    Object[] params = r.getParameters();
    if (params != null && params.length == 1 && params[0] instanceof Fields f) {
      for (Map.Entry<String, Object> e : f.values().entrySet()) {
        attribute(b, e.getKey(), e.getValue());
      }
    }
    Throwable thrown = r.getThrown();
    if (thrown != null) {
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      b.setAttribute(EXCEPTION_TYPE, thrown.getClass().getName());
      if (thrown.getMessage() != null) {
        b.setAttribute(EXCEPTION_MESSAGE, UrlCredentials.strip(thrown.getMessage()));
      }
      b.setAttribute(EXCEPTION_STACKTRACE, UrlCredentials.strip(trace.toString()));
    }
    b.emit();
  }

  private static void attribute(LogRecordBuilder b, String key, Object v) {
    switch (v) {
      case Integer i -> b.setAttribute(AttributeKey.longKey(key), i.longValue());
      case Long l -> b.setAttribute(AttributeKey.longKey(key), l);
      case Number n -> b.setAttribute(AttributeKey.doubleKey(key), n.doubleValue());
      case Boolean x -> b.setAttribute(AttributeKey.booleanKey(key), x);
      case null -> b.setAttribute(AttributeKey.stringKey(key), "null");
      default ->
          b.setAttribute(AttributeKey.stringKey(key), UrlCredentials.strip(String.valueOf(v)));
    }
  }

  static Severity severity(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return Severity.ERROR;
    }
    if (v >= Level.WARNING.intValue()) {
      return Severity.WARN;
    }
    if (v >= Level.INFO.intValue()) {
      return Severity.INFO;
    }
    return v >= Level.FINE.intValue() ? Severity.DEBUG : Severity.TRACE;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
