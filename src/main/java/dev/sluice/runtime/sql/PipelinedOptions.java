package dev.sluice.runtime.sql;

import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.PostgresUrl;
import io.vertx.core.net.ClientSSLOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The pipelined driver's connection options from a datasource: host, port and database from the
 * URL, the credentials (the datasource's {@code user}/{@code password} before the URL's), and the
 * session's startup parameters — {@code statement_timeout} from the datasource, {@code
 * default_transaction_read_only=on} for the read-only connections, {@code application_name}, a
 * {@code search_path} from {@code currentSchema}, and the URL's {@code options}. Prepared
 * statements are cached per connection (each route's statement is parsed once per connection). The
 * URL was checked when gateway.yaml was bound ({@link PostgresUrl#PIPELINED_PARAMETERS}).
 */
final class PipelinedOptions {
  private PipelinedOptions() {}

  static PgConnectOptions of(DatasourceSpec spec, boolean readOnly) {
    PostgresUrl url =
        PostgresUrl.parse(spec.url())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "datasource " + spec.name() + ": not a single-host PostgreSQL URL"));
    PgConnectOptions o = new PgConnectOptions();
    o.setHost(url.host());
    o.setPort(url.port());
    String user = !spec.user().isEmpty() ? spec.user() : url.parameter("user").orElse(systemUser());
    o.setUser(user);
    o.setDatabase(url.database().isEmpty() ? user : url.database());
    String password =
        !spec.password().isEmpty() ? spec.password() : url.parameter("password").orElse("");
    if (!password.isEmpty()) {
      o.setPassword(password);
    }
    o.setPipeliningLimit(spec.pipelined().pipeliningLimit());
    o.setCachePreparedStatements(true);
    o.setPreparedStatementCacheMaxSize(1024);
    o.setPreparedStatementCacheSqlLimit(64 * 1024);
    // libpq's and pgjdbc's non-verifying modes: encrypted (or not), the certificate unchecked
    SslMode ssl = SslMode.of(url.parameter("sslmode").orElse("prefer").toLowerCase(Locale.ROOT));
    o.setSslMode(ssl);
    if (ssl != SslMode.DISABLE) {
      o.setSslOptions(
          new ClientSSLOptions().setTrustAll(true).setHostnameVerificationAlgorithm(""));
    }
    Map<String, String> props = new LinkedHashMap<>();
    props.put("application_name", url.parameter("ApplicationName").orElse("sluice"));
    url.parameter("options").flatMap(PostgresUrl::startupOptions).ifPresent(props::putAll);
    url.parameter("currentSchema").ifPresent(s -> props.put("search_path", s));
    props.put("statement_timeout", String.valueOf(spec.statementTimeout().toMillis()));
    if (readOnly) {
      props.put("default_transaction_read_only", "on");
    }
    props.put("DateStyle", "ISO");
    props.put("client_encoding", "UTF8");
    o.setProperties(props);
    return o;
  }

  /** How long to wait for a connection: the URL's connectTimeout, else connection-timeout. */
  static Duration connectTimeout(DatasourceSpec spec) {
    return PostgresUrl.parse(spec.url())
        .flatMap(u -> u.parameter("connectTimeout"))
        .flatMap(PipelinedOptions::seconds)
        .orElse(spec.connectionTimeout());
  }

  private static java.util.Optional<Duration> seconds(String s) {
    try {
      int n = Integer.parseInt(s.trim());
      return n > 0 ? java.util.Optional.of(Duration.ofSeconds(n)) : java.util.Optional.empty();
    } catch (NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  private static String systemUser() {
    return System.getProperty("user.name", "postgres");
  }
}
