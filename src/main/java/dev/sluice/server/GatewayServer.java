package dev.sluice.server;

import dev.sluice.runtime.RouteTable;
import dev.sluice.server.metrics.GatewayMetrics;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one place that builds, starts and stops Helidon's WebServer: built-in endpoints first, then
 * the single catch-all route behind which Sluice routes; limits, timeouts and the shutdown grace
 * from {@code server:}; problem details for errors Helidon answers before routing.
 */
public final class GatewayServer {
  private final WebServer server;
  private final AtomicReference<RouteTable> table;
  private final Readiness readiness;

  private GatewayServer(WebServer server, AtomicReference<RouteTable> table, Readiness readiness) {
    this.server = server;
    this.table = table;
    this.readiness = readiness;
  }

  /**
   * Builds (does not start) a server for {@code initial}, on the configured host and port.
   *
   * @throws CannotStartException when Helidon cannot build the listener: a host that does not
   *     resolve ("Failed to get address from host: x")
   */
  public static GatewayServer create(RouteTable initial, Readiness readiness)
      throws CannotStartException {
    ServerSpec spec = initial.snapshot().gateway().server();
    AtomicReference<RouteTable> table = new AtomicReference<>(initial);
    WebServerConfig.Builder builder = WebServer.builder().host(spec.host()).port(spec.port());
    configure(builder, table, readiness);
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
    return new GatewayServer(server, table, readiness);
  }

  /**
   * Everything but host and port: limits, timeouts, shutdown grace, problem details below routing,
   * built-in endpoints and the catch-all route. Tests use it on Helidon's test server, so they run
   * the production routing.
   */
  public static void configure(
      WebServerConfig.Builder builder, AtomicReference<RouteTable> table, Readiness readiness) {
    ServerSpec spec = table.get().snapshot().gateway().server();
    ServerSpec.Limits limits = spec.limits();
    TelemetrySpec.Metrics metricsSpec = table.get().snapshot().gateway().telemetry().metrics();
    HttpRouting.Builder routing = HttpRouting.builder();
    // The checks name datasources and their failures: listed on the traffic port only while it is
    // on loopback and no metrics listener of its own serves them (docs/security.md).
    boolean detailed = spec.loopback() && metricsSpec.ownPort().isEmpty();
    HealthEndpoints.register(routing, readiness, detailed);
    GatewayMetrics metrics = GatewayMetrics.of(table::get);
    metrics.install(
        builder,
        routing,
        l ->
            l.addConnectionSelector(new UnsupportedHttpVersions())
                .routing(r -> HealthEndpoints.register(r, readiness, true)));
    routing.any(new GatewayHandler(table, metrics));
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
  }

  /**
   * Starts accepting connections.
   *
   * @throws CannotStartException when the address is in use or cannot be bound
   */
  public void start() throws CannotStartException {
    ServerSpec spec = table.get().snapshot().gateway().server();
    String where = spec.host() + ":" + spec.port();
    // Helidon logs a failed bind with a stack trace and returns with the server stopped; try the
    // address first so the operator gets the system's reason in one line.
    probe(spec.host(), spec.port(), where);
    TelemetrySpec.Metrics metrics = table.get().snapshot().gateway().telemetry().metrics();
    Optional<Integer> metricsPort = metrics.ownPort();
    if (metricsPort.isPresent()) {
      String metricsWhere = metrics.host() + ":" + metricsPort.get() + " (telemetry.metrics.port)";
      probe(metrics.host(), metricsPort.get(), metricsWhere);
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

  public Readiness readiness() {
    return readiness;
  }

  /** The table requests are routed with now. */
  public RouteTable table() {
    return table.get();
  }

  /** Stops accepting, lets in-flight requests finish within the configured grace, then returns. */
  public void stop() {
    server.stop();
  }

  /** Thrown when the server cannot bind its address. */
  public static final class CannotStartException extends Exception {
    private static final long serialVersionUID = 1L;

    CannotStartException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
