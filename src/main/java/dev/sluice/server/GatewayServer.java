package dev.sluice.server;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.admin.AdminApi;
import dev.sluice.server.metrics.GatewayMetrics;
import dev.sluice.server.reload.ConfigSource;
import dev.sluice.server.reload.Reloader;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ServerSpec;
import dev.sluice.spec.TelemetrySpec;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that builds, starts and stops Helidon's WebServer: built-in endpoints first, then
 * the single catch-all route behind which Sluice routes; limits, timeouts and the shutdown grace
 * from {@code server:}; problem details for errors Helidon answers before routing.
 */
public final class GatewayServer {
  /** The name of the admin API's listener ({@code admin:}). */
  public static final String ADMIN_SOCKET = "admin";

  private final WebServer server;
  private final AtomicReference<GatewayRuntime> runtime;
  private final Readiness readiness;
  private final Optional<Reloader> reloader;

  private GatewayServer(
      WebServer server,
      AtomicReference<GatewayRuntime> runtime,
      Readiness readiness,
      Optional<Reloader> reloader) {
    this.server = server;
    this.runtime = runtime;
    this.readiness = readiness;
    this.reloader = reloader;
  }

  /**
   * What {@code serve} does, and the tests through the same code: opens {@code runtime} (its
   * datasources), builds a server for it on the configured host and port, and starts it. On any
   * failure the runtime is closed again.
   *
   * @throws SQLException when a datasource cannot be opened (an embedded database that fails its
   *     init script; a database that is down does not fail here)
   * @throws CannotStartException when the address cannot be bound
   */
  public static GatewayServer start(GatewayRuntime runtime)
      throws SQLException, CannotStartException {
    return start(runtime, Optional.empty());
  }

  /**
   * {@link #start(GatewayRuntime)}, able to reload {@code runtime}'s configuration from {@code
   * source} ({@link #reloader()}), with the admin API when the configuration has an {@code admin:}
   * listener.
   */
  public static GatewayServer start(GatewayRuntime runtime, Optional<ConfigSource> source)
      throws SQLException, CannotStartException {
    try {
      return start(runtime, source, false);
    } catch (RejectedStatementsException e) {
      throw new IllegalStateException("not strict", e); // never: only strict starts refuse
    }
  }

  /**
   * {@link #start(GatewayRuntime, Optional)}. The statements of the SQL routes are described by
   * every datasource that answers ({@link GatewayRuntime#open}); what a database rejects is logged
   * (an ERROR line per statement, {@code file:line:column}) and those routes answer 500 — or, when
   * {@code strict}, nothing starts.
   *
   * @throws RejectedStatementsException when {@code strict} and a database rejects a statement
   */
  public static GatewayServer start(
      GatewayRuntime runtime, Optional<ConfigSource> source, boolean strict)
      throws SQLException, CannotStartException, RejectedStatementsException {
    try {
      List<ConfigError> rejected = runtime.open();
      if (strict && !rejected.isEmpty()) {
        throw new RejectedStatementsException(rejected);
      }
      GatewayRuntime.logRejectedStatements(rejected);
      GatewayServer server = create(runtime, new Readiness(), source);
      server.start();
      return server;
    } catch (SQLException
        | CannotStartException
        | RejectedStatementsException
        | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  /** {@code serve --strict}: a database rejects the statements of some routes. */
  public static final class RejectedStatementsException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    RejectedStatementsException(List<ConfigError> errors) {
      super(errors.size() + " statements rejected by the database");
      this.errors = List.copyOf(errors);
    }

    /** What the databases reject, at each statement in its route file. */
    public List<ConfigError> errors() {
      return errors;
    }
  }

  /**
   * Builds (does not start) a server for the runtime {@code initial}, on the configured host and
   * port.
   *
   * @throws CannotStartException when Helidon cannot build the listener: a host that does not
   *     resolve ("Failed to get address from host: x")
   */
  public static GatewayServer create(GatewayRuntime initial, Readiness readiness)
      throws CannotStartException {
    return create(initial, readiness, Optional.empty());
  }

  private static GatewayServer create(
      GatewayRuntime initial, Readiness readiness, Optional<ConfigSource> source)
      throws CannotStartException {
    ServerSpec spec = initial.snapshot().gateway().server();
    AtomicReference<GatewayRuntime> runtime = new AtomicReference<>(initial);
    WebServerConfig.Builder builder = WebServer.builder().host(spec.host()).port(spec.port());
    GatewayMetrics metrics = configure(builder, runtime, readiness);
    Optional<Reloader> reloader = source.map(s -> new Reloader(s, runtime, metrics));
    Optional<AdminSpec> admin = initial.snapshot().gateway().admin();
    if (admin.isPresent() && reloader.isPresent()) {
      AdminApi api = AdminApi.of(admin.get(), runtime::get, reloader.get());
      builder.putSocket(
          ADMIN_SOCKET,
          s ->
              s.host(admin.get().host())
                  .port(admin.get().port())
                  .addConnectionSelector(new UnsupportedHttpVersions())
                  .routing(r -> r.any(api)));
    }
    WebServer server;
    try {
      server = builder.build();
    } catch (IllegalArgumentException e) {
      throw new CannotStartException(
          "cannot listen on " + spec.host() + ":" + spec.port() + ": " + e.getMessage(), e);
    }
    readiness.add(
        "server",
        () -> server.isRunning() ? Optional.empty() : Optional.of("not accepting connections"));
    return new GatewayServer(server, runtime, readiness, reloader);
  }

  /**
   * Everything but host and port: limits, timeouts, shutdown grace, problem details below routing,
   * built-in endpoints and the catch-all route. Tests use it on Helidon's test server, so they run
   * the production routing.
   *
   * @return the server's meters
   */
  public static GatewayMetrics configure(
      WebServerConfig.Builder builder,
      AtomicReference<GatewayRuntime> runtime,
      Readiness readiness) {
    ServerSpec spec = runtime.get().snapshot().gateway().server();
    ServerSpec.Limits limits = spec.limits();
    readiness.runtime(runtime::get);
    TelemetrySpec.Metrics metricsSpec = runtime.get().snapshot().gateway().telemetry().metrics();
    // before every route: Connection: close while draining, and a close after any such response
    HttpRouting.Builder routing =
        HttpRouting.builder().addFilter(new DrainingConnections(readiness));
    // The checks name datasources and their failures: listed on the traffic port only while it is
    // on loopback and no metrics listener of its own serves them (docs/security.md).
    boolean detailed = spec.loopback() && metricsSpec.ownPort().isEmpty();
    HealthEndpoints.register(routing, readiness, detailed);
    GatewayMetrics metrics = GatewayMetrics.of(runtime::get);
    metrics.install(
        builder,
        routing,
        l -> l.addConnectionSelector(new UnsupportedHttpVersions()),
        r -> HealthEndpoints.register(r, readiness, true));
    routing.any(new GatewayHandler(runtime, metrics));
    builder.addConnectionSelector(new UnsupportedHttpVersions());
    builder
        .shutdownHook(false)
        .featuresDiscoverServices(false) // only the features added here (metrics), none found
        .shutdownGracePeriod(spec.grace())
        .maxConcurrentRequests(limits.maxConcurrentRequests())
        .maxTcpConnections(limits.maxConnections())
        .maxPayloadSize(limits.maxPayloadSize())
        .idleConnectionTimeout(limits.idleTimeout())
        .connectionOptions(c -> c.readTimeout(limits.readTimeout()))
        .directHandlers(DirectProblems.handlers())
        .addProtocol(
            Http1Config.builder()
                // Sluice composes every response header from validated configuration (route
                // files' header values are checked by the schema) or from values it makes itself
                // (ids, numbers); request headers are still validated. Saves a token check of
                // every header name and value of every response (docs/decisions.md).
                .validateResponseHeaders(false)
                .maxHeadersSize(limits.maxHeaderSize())
                .maxPrologueLength(Math.min(limits.maxHeaderSize(), 8192))
                .build())
        .addRouting(routing);
    return metrics;
  }

  /**
   * Starts accepting connections.
   *
   * @throws CannotStartException when the address is in use or cannot be bound
   */
  public void start() throws CannotStartException {
    ServerSpec spec = runtime.get().snapshot().gateway().server();
    String where = spec.host() + ":" + spec.port();
    // Helidon logs a failed bind with a stack trace and returns with the server stopped; try the
    // address first so the operator gets the system's reason in one line.
    probe(spec.host(), spec.port(), where);
    TelemetrySpec.Metrics metrics = runtime.get().snapshot().gateway().telemetry().metrics();
    Optional<Integer> metricsPort = metrics.ownPort();
    if (metricsPort.isPresent()) {
      String metricsWhere = metrics.host() + ":" + metricsPort.get() + " (telemetry.metrics.port)";
      probe(metrics.host(), metricsPort.get(), metricsWhere);
    }
    Optional<AdminSpec> admin = runtime.get().snapshot().gateway().admin();
    if (admin.isPresent() && reloader.isPresent()) {
      AdminSpec a = admin.get();
      probe(a.host(), a.port(), a.host() + ":" + a.port() + " (admin.port)");
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new CannotStartException(
          "cannot start the server on " + where + ": " + e.getMessage(), e);
    }
    if (!server.isRunning()) {
      throw new CannotStartException("cannot listen on " + where + " (see the log above)", null);
    }
  }

  private static void probe(String host, int port, String where) throws CannotStartException {
    if (port == 0) {
      return;
    }
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
    } catch (IOException e) {
      throw new CannotStartException("cannot listen on " + where + ": " + e.getMessage(), e);
    }
  }

  /** The port actually bound (useful with {@code port: 0}). */
  public int port() {
    return server.port();
  }

  /** The port the metrics listener bound, when {@code telemetry.metrics.port} is set; else -1. */
  public int metricsPort() {
    return server.port(GatewayMetrics.SOCKET);
  }

  /** The port the admin listener bound, when {@code admin:} is configured; else -1. */
  public int adminPort() {
    return server.port(ADMIN_SOCKET);
  }

  /** What reloads this server's configuration; empty when it was started without a source. */
  public Optional<Reloader> reloader() {
    return reloader;
  }

  public Readiness readiness() {
    return readiness;
  }

  /** The runtime requests are served by now. */
  public GatewayRuntime runtime() {
    return runtime.get();
  }

  /** Stops accepting, lets in-flight requests finish within the configured grace, then returns. */
  public void stop() {
    server.stop();
  }

  /** {@link #stop()}, then closes the runtime being served. */
  public void close() {
    stop();
    runtime.get().close();
  }

  /** Thrown when the server cannot bind its address. */
  public static final class CannotStartException extends Exception {
    private static final long serialVersionUID = 1L;

    CannotStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
