package dev.sluice.runtime;

import dev.sluice.router.Router;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.middleware.MiddlewareContext;
import dev.sluice.runtime.middleware.MiddlewareResources;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.sql.Datasources;
import dev.sluice.runtime.sql.PoolGauges;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.runtime.staticresponse.StaticHandler;
import dev.sluice.runtime.telemetry.QueryTimers;
import dev.sluice.runtime.telemetry.Tracing;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.CorsArgs;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.spec.StaticSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything one configuration serves with, built from a validated {@link ConfigSnapshot}: the
 * routes with their chains composed once, the datasources, the middleware's shared resources (rate
 * limiters and their stores, the Redis client, JWKS sources, the deadline timer) and tracing.
 * Building connects nowhere; {@link #open()} opens the datasources' pools and {@link #close()}
 * releases everything. The server holds the current runtime in one reference.
 */
public final class GatewayRuntime implements AutoCloseable {
  private final ConfigSnapshot snapshot;
  private final RouteTable routes;
  private final Datasources datasources;
  private final RuntimeResources resources;
  private final Tracing tracing;

  private GatewayRuntime(
      ConfigSnapshot snapshot,
      RouteTable routes,
      Datasources datasources,
      RuntimeResources resources,
      Tracing tracing) {
    this.snapshot = snapshot;
    this.routes = routes;
    this.datasources = datasources;
    this.resources = resources;
    this.tracing = tracing;
  }

  /** Builds the runtime, or reports every route, handler and middleware that cannot be built. */
  public static Result build(ConfigSnapshot snapshot) {
    Datasources datasources = Datasources.of(snapshot);
    RuntimeResources resources = new RuntimeResources(snapshot);
    MiddlewareContext context = MiddlewareContext.unmatched(resources);
    List<ConfigError> errors = new ArrayList<>();
    Router.Builder<RuntimeRoute> router = Router.builder();
    for (RouteSpec r : snapshot.routes()) {
      List<MiddlewareSpec> all =
          new ArrayList<>(snapshot.gateway().stacks().get(r.stack()).middleware());
      all.addAll(r.middleware());
      Optional<Handler> handler = handler(r, datasources, errors);
      if (handler.isEmpty()) {
        continue;
      }
      Handler chain = Chains.compose(context.forRoute(r.id()), all, handler.get(), errors);
      List<String> names = all.stream().map(MiddlewareSpec::name).toList();
      boolean cors = all.stream().anyMatch(m -> m.args() instanceof CorsArgs);
      router.add(r.method(), r.path(), new RuntimeRoute(r, names, handler.get(), chain, cors));
    }
    List<MiddlewareSpec> unmatchedStack =
        snapshot
            .gateway()
            .server()
            .unmatchedStack()
            .map(name -> snapshot.gateway().stacks().get(name).middleware())
            .orElse(List.of());
    // one chain for 404, 405 and 400: one instance of each middleware (one rate-limit bucket set),
    // the answer chosen per request
    RouteTable table =
        new RouteTable(
            router.build(), answer -> Chains.compose(context, unmatchedStack, answer, errors));
    if (!errors.isEmpty()) {
      resources.close();
      datasources.close();
      return new Result.Invalid(errors);
    }
    Tracing tracing = Tracing.of(snapshot.gateway().telemetry().tracing());
    return new Result.Built(new GatewayRuntime(snapshot, table, datasources, resources, tracing));
  }

  private static Optional<Handler> handler(
      RouteSpec r, Datasources datasources, List<ConfigError> errors) {
    return switch (r.handler()) {
      case StaticSpec s -> Optional.of(StaticHandler.create(s));
      case SqlSpec s -> SqlHandler.create(r, s, datasources, errors);
    };
  }

  /** Opens what needs opening before serving: the datasources' pools (and embedded database). */
  public void open() throws SQLException {
    datasources.open();
  }

  /** Routes one request (see {@link RouteTable#dispatch}). */
  public void dispatch(Exchange ex) throws Exception {
    routes.dispatch(ex);
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /** Every route in file order. */
  public List<RuntimeRoute> routes() {
    return routes.routes();
  }

  /** This runtime's tracing ({@code telemetry.tracing}); off unless enabled. */
  public Tracing tracing() {
    return tracing;
  }

  /** One readiness check per datasource: empty when it answers a ping, else why not. */
  public List<Check> readinessChecks(Duration pingTimeout) {
    List<Check> checks = new ArrayList<>();
    for (Datasource d : datasources.all()) {
      checks.add(new Check("datasource:" + d.name(), () -> d.ping(pingTimeout)));
    }
    return checks;
  }

  /** A named check: empty when healthy, else why not (worded for a public endpoint). */
  public record Check(String name, Supplier<Optional<String>> probe) {}

  /** The datasources' connection pools, for the pool gauges. */
  public List<PoolGauges> pools() {
    return datasources.all().stream().flatMap(d -> d.gauges().stream()).toList();
  }

  /** The timers of the SQL routes' statements, bound to meters by the metrics server. */
  public QueryTimers queryTimers() {
    return datasources.queryTimers();
  }

  /** What its middleware share (rate limiters, JWKS sources, ...), for tests of middleware. */
  public MiddlewareResources middlewareResources() {
    return resources;
  }

  /** What each rate-limit policy in use decided since this runtime was built, by policy name. */
  public Map<String, RateLimitCounters> rateLimitCounters() {
    return resources.rateLimitCounters();
  }

  /**
   * Asks each datasource to describe every statement of its routes (without running them) and
   * reports, at the statement in its route file, what the database rejects. A datasource that
   * cannot be reached is one error at its definition. Opens the datasources if they are not open.
   */
  public List<ConfigError> checkStatements(Duration connectTimeout) {
    return StatementCheck.run(this, datasources, connectTimeout);
  }

  /**
   * Releases what the runtime owns: middleware resources (Redis clients, JWKS refreshers, the
   * deadline timer), the datasources' pools, and tracing (flushing its spans).
   */
  @Override
  public void close() {
    resources.close();
    datasources.close();
    tracing.close();
  }

  /** A runtime, or the errors that kept it from being built. */
  public sealed interface Result {
    /** Built. */
    record Built(GatewayRuntime runtime) implements Result {}

    /** Not built; every error found. */
    record Invalid(List<ConfigError> errors) implements Result {}
  }
}
