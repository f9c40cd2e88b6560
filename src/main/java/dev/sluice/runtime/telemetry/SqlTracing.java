package dev.sluice.runtime.telemetry;

import dev.sluice.spec.DatasourceSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The CLIENT span of one SQL route's statement, prepared when the route is built: a child of the
 * request's server span with OpenTelemetry's database attributes. {@code db.query.text} is the
 * statement as sent to the driver, placeholders and all — bound values never reach a span, and
 * neither does the database's error message (it may quote them): a failure is its SQLSTATE.
 */
public final class SqlTracing {
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("db.query.text");
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> STATUS =
      AttributeKey.stringKey("db.response.status_code");
  private static final AttributeKey<String> SERVER = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> PORT = AttributeKey.longKey("server.port");
  private static final AttributeKey<String> DATASOURCE =
      AttributeKey.stringKey("sluice.datasource");
  private static final Set<String> OPERATIONS =
      Set.of("SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "CALL");

  private final String name;
  private final Attributes attributes;

  private SqlTracing(String name, Attributes attributes) {
    this.name = name;
    this.attributes = attributes;
  }

  /** The span of {@code sql} (with its placeholders) on {@code datasource}. */
  public static SqlTracing of(DatasourceSpec datasource, String sql) {
    AttributesBuilder a = Attributes.builder().put(QUERY, sql).put(DATASOURCE, datasource.name());
    String namespace;
    if (datasource.embedded()) {
      a.put(SYSTEM, "h2database"); // OpenTelemetry's name for H2
      namespace = "sluice-" + datasource.name(); // the in-memory database Datasource creates
    } else {
      a.put(SYSTEM, "postgresql");
      Properties url = org.postgresql.Driver.parseURL(datasource.url(), null);
      namespace = url == null ? "" : url.getProperty("PGDBNAME", "");
      String host = url == null ? "" : url.getProperty("PGHOST", "");
      if (!host.isEmpty() && !host.contains(",")) { // one server, not a failover list
        a.put(SERVER, host);
        a.put(PORT, Long.parseLong(url.getProperty("PGPORT", "5432")));
      }
    }
    if (!namespace.isEmpty()) {
      a.put(NAMESPACE, namespace);
    }
    String operation = operation(sql);
    if (!operation.isEmpty()) {
      a.put(OPERATION, operation);
    }
    String target = namespace.isEmpty() ? datasource.name() : namespace;
    return new SqlTracing(operation.isEmpty() ? target : operation + " " + target, a.build());
  }

  /** The statement's leading keyword when it names the operation (not {@code WITH}, say). */
  static String operation(String sql) {
    String s = sql.strip();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    String word = s.substring(0, end).toUpperCase(Locale.ROOT);
    return OPERATIONS.contains(word) ? word : "";
  }

  /**
   * Starts the statement's span, a child of the request's span, when the request is traced and
   * sampled; otherwise a span that records nothing. The caller ends it, after {@link #failed} if
   * the statement failed.
   */
  public Span start() {
    Span span = Spans.child(name, SpanKind.CLIENT);
    if (span.isRecording()) {
      span.setAllAttributes(attributes);
    }
    return span;
  }

  /**
   * Marks the span failed: {@code db.response.status_code} is the SQLSTATE (when there is one),
   * {@code error.type} the SQLSTATE or else the error's class name.
   */
  public static void failed(Span span, String sqlState, String errorType) {
    if (!span.isRecording()) {
      return;
    }
    if (!sqlState.isEmpty()) {
      span.setAttribute(STATUS, sqlState);
    }
    span.setAttribute(Spans.ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR);
  }
}
