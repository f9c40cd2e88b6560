package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.files.FileReading;
import dev.sluice.net.Cidr;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.GatewaySpec;
import dev.sluice.spec.LoggingSpec;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.RedisSpec;
import dev.sluice.spec.ServerSpec;
import dev.sluice.spec.StackSpec;
import dev.sluice.spec.TelemetrySpec;
import dev.sluice.units.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Binds a schema-valid gateway.yaml tree to a {@link GatewaySpec}. */
final class GatewayBinder {
  /**
   * Whether pgjdbc can parse the URL (host, port number, database, parameters), asked here so a
   * malformed one is a config error with its line and not a stack trace when the pool starts. The
   * driver logs a warning for each problem it finds; those are muted while it parses.
   */
  private static boolean pgjdbcParses(String url) {
    java.util.logging.Logger pg = java.util.logging.Logger.getLogger("org.postgresql");
    java.util.logging.Level before = pg.getLevel();
    pg.setLevel(java.util.logging.Level.OFF);
    try {
      return org.postgresql.Driver.parseURL(url, null) != null;
    } finally {
      pg.setLevel(before);
    }
  }

  /** PostgreSQL's statement_timeout is an int of milliseconds. */
  private static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  private GatewayBinder() {}

  /**
   * Binds gateway.yaml, whose {@code stacks} ({@link MiddlewareBinder#stacks}) and {@code
   * upstreams} ({@link UpstreamBinder}) were bound already.
   */
  static GatewaySpec bind(
      YamlDocument doc,
      Path file,
      Map<String, StackSpec> stacks,
      Map<String, dev.sluice.spec.UpstreamSpec> upstreams,
      List<ConfigError> errors) {
    JsonNode root = doc.root();
    ServerSpec server = server(root.path("server"), trustedProxies(doc, errors));
    JsonNode logging = root.path("logging");
    LoggingSpec log =
        new LoggingSpec(
            LoggingSpec.Format.valueOf(
                logging.path("format").asText("json").toUpperCase(Locale.ROOT)),
            logging.path("level").asText("info"));
    TelemetrySpec telemetry = telemetry(doc, root.path("telemetry"), errors);
    List<String> routeFiles = new ArrayList<>();
    root.path("route-files").forEach(n -> routeFiles.add(n.asText()));
    server
        .unmatchedStack()
        .filter(name -> !stacks.containsKey(name))
        .ifPresent(
            name ->
                errors.add(
                    doc.origin("/server/unmatched-stack")
                        .error(CrossChecks.unknown("stack", name, stacks.keySet()))));
    Map<String, DatasourceSpec> datasources = new LinkedHashMap<>();
    Path baseDir = file.toAbsolutePath().getParent();
    for (Map.Entry<String, JsonNode> e : root.path("datasources").properties()) {
      String pointer = "/datasources/" + MiddlewareBinder.escape(e.getKey());
      datasources.put(
          e.getKey(), datasource(doc, pointer, e.getKey(), e.getValue(), baseDir, errors));
    }
    Map<String, RateLimitSpec> rateLimits = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("rate-limits").properties()) {
      String pointer = "/rate-limits/" + MiddlewareBinder.escape(e.getKey());
      rateLimits.put(e.getKey(), rateLimit(doc, pointer, e.getKey(), e.getValue()));
      if (e.getValue().has("ipv6-prefix")
          && !e.getValue().path("key").asText("client-ip").equals("client-ip")) {
        errors.add(
            doc.origin(pointer + "/ipv6-prefix")
                .error("ipv6-prefix applies to key: client-ip only; leave it out here"));
      }
    }
    Optional<RedisSpec> redis =
        root.has("redis")
            ? Optional.of(
                new RedisSpec(
                    root.path("redis").path("url").asText(),
                    duration(root.path("redis").path("timeout"), RedisSpec.DEFAULT_TIMEOUT),
                    doc.origin("/redis")))
            : Optional.empty();
    for (RateLimitSpec r : rateLimits.values()) {
      if (r.store() == RateLimitSpec.Store.REDIS && redis.isEmpty()) {
        errors.add(
            doc.origin(r.origin().pointer() + "/store")
                .error("store: redis needs a redis: section (url) in gateway.yaml"));
      }
    }
    return new GatewaySpec(
        file,
        server,
        log,
        telemetry,
        routeFiles,
        stacks,
        datasources,
        upstreams,
        rateLimits,
        redis,
        OperationsBinder.reload(root.path("reload")),
        OperationsBinder.admin(
            doc,
            stacks,
            telemetry
                .metrics()
                .port()
                .map(p -> List.of(server.port(), p))
                .orElse(List.of(server.port())),
            errors));
  }

  /** {@code server.trusted-proxies}, parsed; an entry that is no CIDR is an error at its line. */
  private static List<Cidr> trustedProxies(YamlDocument doc, List<ConfigError> errors) {
    JsonNode proxies = doc.root().path("server").path("trusted-proxies");
    List<Cidr> cidrs = new ArrayList<>();
    for (int i = 0; i < proxies.size(); i++) {
      try {
        cidrs.add(Cidr.parse(proxies.get(i).asText()));
      } catch (IllegalArgumentException e) {
        errors.add(doc.origin("/server/trusted-proxies/" + i).error(e.getMessage()));
      }
    }
    return cidrs;
  }

  private static ServerSpec server(JsonNode s, List<Cidr> trustedProxies) {
    JsonNode shutdown = s.path("shutdown");
    JsonNode l = s.path("limits");
    ServerSpec.Limits d = ServerSpec.Limits.defaults();
    ServerSpec.Limits limits =
        new ServerSpec.Limits(
            l.path("max-concurrent-requests").asInt(d.maxConcurrentRequests()),
            l.path("max-connections").asInt(d.maxConnections()),
            (int) size(l.path("max-header-size"), d.maxHeaderSize()),
            size(l.path("max-payload-size"), d.maxPayloadSize()),
            duration(l.path("idle-timeout"), d.idleTimeout()),
            duration(l.path("read-timeout"), d.readTimeout()));
    return new ServerSpec(
        s.path("host").asText(ServerSpec.DEFAULT_HOST),
        s.path("port").asInt(ServerSpec.DEFAULT_PORT),
        duration(shutdown.path("drain-delay"), ServerSpec.DEFAULT_DRAIN_DELAY),
        duration(shutdown.path("grace"), ServerSpec.DEFAULT_GRACE),
        limits,
        s.hasNonNull("unmatched-stack")
            ? Optional.of(s.get("unmatched-stack").asText())
            : Optional.empty(),
        trustedProxies);
  }

  private static TelemetrySpec telemetry(YamlDocument doc, JsonNode t, List<ConfigError> errors) {
    JsonNode metrics = t.path("metrics");
    JsonNode tracing = t.path("tracing");
    JsonNode logs = t.path("logs");
    return new TelemetrySpec(
        new TelemetrySpec.Metrics(
            metrics.path("enabled").asBoolean(true),
            metrics.path("path").asText(TelemetrySpec.Metrics.DEFAULT_PATH),
            metrics.hasNonNull("port")
                ? Optional.of(metrics.get("port").asInt())
                : Optional.empty(),
            metrics.path("host").asText(TelemetrySpec.Metrics.DEFAULT_HOST)),
        new TelemetrySpec.Tracing(
            tracing.path("enabled").asBoolean(false),
            uri(doc, "/telemetry/tracing/endpoint", TelemetrySpec.Tracing.DEFAULT_ENDPOINT, errors),
            tracing.path("sampler-ratio").asDouble(1.0),
            tracing.path("service-name").asText(TelemetrySpec.DEFAULT_SERVICE_NAME)),
        new TelemetrySpec.Logs(
            TelemetrySpec.Export.valueOf(
                logs.path("export").asText("none").toUpperCase(Locale.ROOT)),
            uri(doc, "/telemetry/logs/endpoint", TelemetrySpec.Logs.DEFAULT_ENDPOINT, errors)));
  }

  private static URI uri(
      YamlDocument doc, String pointer, URI otherwise, List<ConfigError> errors) {
    JsonNode n = doc.root().at(pointer);
    if (n.isMissingNode() || n.isNull()) {
      return otherwise;
    }
    try {
      return new URI(n.asText());
    } catch (URISyntaxException e) {
      errors.add(doc.origin(pointer).error("not a URL: " + e.getReason()));
      return otherwise;
    }
  }

  private static DatasourceSpec datasource(
      YamlDocument doc,
      String pointer,
      String name,
      JsonNode d,
      Path baseDir,
      List<ConfigError> errors) {
    String url = d.path("url").isNull() ? "" : d.path("url").asText("").trim();
    Optional<List<Path>> init = Optional.empty();
    if (d.has("embedded")) {
      List<Path> scripts = new ArrayList<>();
      JsonNode list = d.path("embedded").path("init");
      for (int i = 0; i < list.size(); i++) {
        Path script = baseDir.resolve(list.get(i).asText()).normalize();
        if (!java.nio.file.Files.isRegularFile(script)) {
          errors.add(
              doc.origin(pointer + "/embedded/init/" + i)
                  .error("no such file: " + FileReading.displayName(script)));
        }
        scripts.add(script);
      }
      init = Optional.of(scripts);
    }
    if (url.isEmpty() && init.isEmpty()) {
      errors.add(
          doc.origin(pointer + "/url")
              .error(
                  "url is empty and no embedded database is configured (add embedded: {init: [...]})"));
    } else if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
      errors.add(
          doc.origin(pointer + "/url")
              .error("only PostgreSQL is supported: the url starts with jdbc:postgresql://"));
    } else if (!url.isEmpty() && !pgjdbcParses(url)) {
      errors.add(
          doc.origin(pointer + "/url")
              .error(
                  "not a URL the PostgreSQL driver reads: expected"
                      + " jdbc:postgresql://host[:port]/database[?name=value&...] (check the port"
                      + " number and the parameters)"));
    }
    Duration statementTimeout =
        duration(d.path("statement-timeout"), DatasourceSpec.DEFAULT_STATEMENT_TIMEOUT);
    if (statementTimeout.compareTo(MAX_STATEMENT_TIMEOUT) > 0) {
      errors.add(
          doc.origin(pointer + "/statement-timeout")
              .error(
                  "PostgreSQL takes a statement timeout of at most 2147483647ms (about 24 days);"
                      + " use 0s for none"));
    }
    DatasourceSpec.Driver driver = DatasourceDriver.of(doc, pointer, url, d, errors);
    DatasourceSpec.Pipelined defaults = DatasourceSpec.Pipelined.defaults();
    return new DatasourceSpec(
        name,
        url,
        d.path("user").isNull() ? "" : d.path("user").asText(""),
        d.path("password").isNull() ? "" : d.path("password").asText(""),
        d.path("pool-size").asInt(DatasourceSpec.DEFAULT_POOL_SIZE),
        duration(d.path("connection-timeout"), DatasourceSpec.DEFAULT_CONNECTION_TIMEOUT),
        statementTimeout,
        init,
        driver,
        new DatasourceSpec.Pipelined(
            d.path("pipelined").path("connections").asInt(defaults.connections()),
            d.path("pipelined").path("pipelining-limit").asInt(defaults.pipeliningLimit())),
        doc.origin(pointer));
  }

  static RateLimitSpec rateLimit(YamlDocument doc, String pointer, String name, JsonNode r) {
    long capacity = r.path("capacity").asLong();
    return new RateLimitSpec(
        name,
        capacity,
        r.path("refill").asLong(capacity),
        duration(r.path("period"), Duration.ofSeconds(1)),
        r.path("key").asText("client-ip"),
        r.path("ipv6-prefix").asInt(RateLimitSpec.DEFAULT_IPV6_PREFIX),
        RateLimitSpec.Store.valueOf(r.path("store").asText("local").toUpperCase(Locale.ROOT)),
        r.path("on-store-failure").asText("deny").equals("allow"),
        r.path("max-keys").asInt(RateLimitSpec.DEFAULT_MAX_KEYS),
        doc.origin(pointer));
  }

  static Duration duration(JsonNode n, Duration otherwise) {
    return n.isMissingNode() || n.isNull() ? otherwise : Durations.duration(n.asText());
  }

  static long size(JsonNode n, long otherwise) {
    return n.isMissingNode() || n.isNull() ? otherwise : Durations.size(n.asText());
  }
}
