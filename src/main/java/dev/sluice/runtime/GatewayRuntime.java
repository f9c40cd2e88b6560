package dev.sluice.runtime;

import dev.sluice.router.Router;
import dev.sluice.runtime.http.ClientAddresses;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.middleware.MiddlewareContext;
import dev.sluice.runtime.middleware.MiddlewareResources;
import dev.sluice.runtime.proxy.ProxyHandler;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.sql.DatasourceHealth;
import dev.sluice.runtime.sql.Datasources;
import dev.sluice.runtime.sql.PoolGauges;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.runtime.staticresponse.StaticHandler;
import dev.sluice.runtime.telemetry.QueryTimers;
import dev.sluice.runtime.telemetry.Tracing;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.CorsArgs;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.ProxySpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.spec.StaticSpec;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything one configuration serves with, built from a validated {@link ConfigSnapshot}: the
 * routes with their chains composed once, the datasources, the middleware's shared resources (rate
 * limiters and their stores, the Redis client, JWKS keys, the deadline timer) and tracing. Building
 * connects nowhere; {@link #open()} opens the datasources' pools and {@link #close()} releases
 * everything. The server holds the current runtime in one reference.
 */
public final class GatewayRuntime implements AutoCloseable {
  private static final Duration RETIRE_POLL = Duration.ofMillis(10);

  private final ConfigSnapshot snapshot;
  private final RouteTable routes;

  /** The {@code admin.stack} chain, composed once, ending in the admin request's endpoint. */
  private final Handler admin;

  private final Datasources datasources;
  private final Runnable releaseDatasources;
  private final RuntimeResources resources;
  private final Tracing tracing;
  private final LongAdder inFlight = new LongAdder();

  /** What removes this runtime's listeners from its datasources' health (they may outlive it). */
  private final List<Runnable> listening = new ArrayList<>();

  private volatile boolean retired;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private GatewayRuntime(
      ConfigSnapshot snapshot,
      RouteTable routes,
      Handler admin,
      Datasources datasources,
      Runnable releaseDatasources,
      RuntimeResources resources,
      Tracing tracing) {
    this.snapshot = snapshot;
    this.routes = routes;
    this.admin = admin;
    this.datasources = datasources;
    this.releaseDatasources = releaseDatasources;
    this.resources = resources;
    this.tracing = tracing;
  }

  /**
   * Builds a runtime with resources of its own (closed with it), or reports every route, handler
   * and middleware that cannot be built.
   */
  public static Result build(ConfigSnapshot snapshot) {
    return build(snapshot, ResourceCache.create());
  }

  /**
   * Builds a runtime that takes its datasources and middleware resources from {@code cache}, so
   * that what did not change since an earlier runtime of the same cache is reused; or reports every
   * route, handler and middleware that cannot be built.
   */
  public static Result build(ConfigSnapshot snapshot, ResourceCache cache) {
    List<Object> heldDatasources = new ArrayList<>();
    Datasources datasources =
        Datasources.shared(
            snapshot,
            spec -> {
              DatasourceKey key = DatasourceKey.of(spec);
              heldDatasources.add(key);
              return cache.acquire(key, () -> Datasource.of(spec));
            });
    RuntimeResources resources = new RuntimeResources(snapshot, cache);
    MiddlewareContext context = MiddlewareContext.unmatched(resources);
    List<ConfigError> errors = new ArrayList<>();
    Router.Builder<RuntimeRoute> router = Router.builder();
    for (RouteSpec r : snapshot.routes()) {
      List<MiddlewareSpec> all =
          new ArrayList<>(snapshot.gateway().stacks().get(r.stack()).middleware());
      all.addAll(r.middleware());
      Optional<Handler> handler = handler(r, datasources, resources, snapshot, errors);
      if (handler.isEmpty()) {
        continue;
      }
      Handler chain = Chains.compose(context.forRoute(r.id()), all, handler.get(), errors);
      List<String> names = all.stream().map(MiddlewareSpec::name).toList();
      boolean cors = all.stream().anyMatch(m -> m.args() instanceof CorsArgs);
      RuntimeRoute route = new RuntimeRoute(r, names, handler.get(), chain, cors);
      for (String method : r.methods()) {
        router.add(method.equals(RouteSpec.ANY) ? Router.ANY_METHOD : method, r.path(), route);
      }
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
    List<MiddlewareSpec> adminStack =
        snapshot
            .gateway()
            .admin()
            .flatMap(AdminSpec::stack)
            .map(name -> snapshot.gateway().stacks().get(name).middleware())
            .orElse(List.of());
    Handler admin = Chains.compose(context, adminStack, GatewayRuntime::adminEndpoint, errors);
    Runnable releaseDatasources = () -> heldDatasources.forEach(cache::release);
    if (!errors.isEmpty()) {
      resources.close();
      releaseDatasources.run();
      return new Result.Invalid(errors);
    }
    Tracing tracing = Tracing.of(snapshot.gateway().telemetry().tracing());
    return new Result.Built(
        new GatewayRuntime(
            snapshot, table, admin, datasources, releaseDatasources, resources, tracing));
  }

  private static Optional<Handler> handler(
      RouteSpec r,
      Datasources datasources,
      RuntimeResources resources,
      ConfigSnapshot snapshot,
      List<ConfigError> errors) {
    return switch (r.handler()) {
      case StaticSpec s -> Optional.of(StaticHandler.create(s));
      case SqlSpec s -> SqlHandler.create(r, s, datasources, errors);
      case ProxySpec p -> {
        try {
          yield Optional.of(
              ProxyHandler.create(
                  r,
                  p,
                  resources.upstream(p.upstream()),
                  ClientAddresses.of(snapshot.gateway().server().trustedProxies()),
                  resources.deadlines()));
        } catch (IllegalArgumentException e) {
          errors.add(p.upstream().origin().error(e.getMessage()));
          yield Optional.empty();
        }
      }
    };
  }

  /**
   * Opens what needs opening before serving — the datasources' pools (and embedded database), each
   * probed once — then has every datasource that answers describe the statements of its routes, and
   * again whenever a datasource connects after it was down (logging what it rejects). A route whose
   * statement the database rejects answers a 500 problem saying it is misconfigured, and the {@code
   * statements} readiness check names it.
   *
   * @return what the databases reject, at each statement in its route file (not logged here)
   */
  public List<ConfigError> open() throws SQLException {
    datasources.open();
    resources.connect();
    synchronized (listening) {
      if (listening.isEmpty() && !closed.get()) {
        for (Datasource d : datasources.all()) {
          listening.add(
              d.health()
                  .listen(
                      new DatasourceHealth.Listener() {
                        @Override
                        public void cameBack() {
                          Thread.ofVirtual()
                              .name("sluice-describe-" + d.name())
                              .start(() -> describeAgain(d));
                        }
                      }));
        }
      }
    }
    return StatementCheck.run(this, datasources, d -> true, false);
  }

  private void describeAgain(Datasource d) {
    if (!closed.get()) {
      StatementCheck.log(
          StatementCheck.run(this, datasources, x -> x == d, false),
          "datasource " + d.name() + " connected again");
    }
  }

  /**
   * Logs what {@link #open()} returned: a line saying what follows, then one ERROR line per
   * statement the database rejects, as {@code validate-config} prints it.
   */
  public static void logRejectedStatements(List<ConfigError> errors) {
    StatementCheck.log(errors, "at start");
  }

  /**
   * Counts a request as running on this runtime, unless the runtime was retired by a reload: then
   * the caller reads the current runtime again. Every {@code true} is matched by one {@link
   * #exit()}.
   */
  public boolean enter() {
    inFlight.increment();
    if (retired) { // read after the increment: retire() sets it before it reads the count
      inFlight.decrement();
      return false;
    }
    return true;
  }

  /** The request counted by {@link #enter()} has ended. */
  public void exit() {
    inFlight.decrement();
  }

  /**
   * After a reload swapped this runtime out: no request starts on it any more; waits until the
   * requests running on it end, or {@code drainTimeout} passes, then closes it.
   *
   * @return whether every request had ended (false: closed after the timeout, under them)
   */
  public boolean retire(Duration drainTimeout) throws InterruptedException {
    retired = true;
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    boolean drained = inFlight.sum() == 0;
    while (!drained && System.nanoTime() - deadline < 0) {
      Thread.sleep(RETIRE_POLL);
      drained = inFlight.sum() == 0;
    }
    close();
    return drained;
  }

  /** Requests running on this runtime now. */
  public long inFlight() {
    return inFlight.sum();
  }

  /**
   * Runs an admin API request through the {@code admin.stack} middleware (none when no stack is
   * named), ending in {@code endpoint}.
   */
  public void admin(Exchange ex, Handler endpoint) throws Exception {
    ex.attribute(AdminCall.class, new AdminCall(endpoint));
    admin.handle(ex);
  }

  /** The endpoint of the admin request passing through the admin chain. */
  private record AdminCall(Handler endpoint) {}

  private static void adminEndpoint(Exchange ex) throws Exception {
    ex.attribute(AdminCall.class).orElseThrow().endpoint().handle(ex);
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

  /**
   * The readiness checks of this runtime: one per datasource (empty when it answers, else why not:
   * "connection refused", …), {@code statements} when there are SQL routes (the routes whose SQL
   * the database rejects, by id; it does not fail readiness: the other routes serve), and {@code
   * redis} when a rate-limit policy keeps its buckets there ({@link RuntimeResources#redisCheck}).
   */
  public List<ReadinessCheck> readinessChecks(Duration pingTimeout) {
    List<ReadinessCheck> checks = new ArrayList<>();
    for (Datasource d : datasources.all()) {
      checks.add(
          new ReadinessCheck("datasource:" + d.name(), () -> d.readiness(pingTimeout), true));
    }
    List<RuntimeRoute> sqlRoutes =
        routes().stream().filter(r -> r.handler() instanceof SqlHandler).toList();
    if (!sqlRoutes.isEmpty()) {
      checks.add(ReadinessCheck.statements(sqlRoutes));
    }
    resources.redisCheck(pingTimeout).ifPresent(checks::add);
    return checks;
  }

  /** The clients of the upstreams its proxy routes use (for metrics and /readyz?verbose). */
  public List<dev.sluice.runtime.proxy.UpstreamClient> upstreams() {
    return List.copyOf(resources.upstreams());
  }

  /** The datasources' connection pools, for the pool gauges. */
  public List<PoolGauges> pools() {
    return datasources.all().stream().flatMap(d -> d.gauges().stream()).toList();
  }

  /** The timers of the SQL routes' statements, bound to meters by the metrics server. */
  public QueryTimers queryTimers() {
    return datasources.queryTimers();
  }

  /** What its middleware share (rate limiters, JWKS keys, ...), for tests of middleware. */
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
  public List<ConfigError> checkStatements() {
    try {
      datasources.open();
    } catch (SQLException e) {
      return List.of(
          new ConfigError(
              snapshot.files().get(0), 1, 1, "/datasources", "cannot open: " + e.getMessage()));
    }
    return StatementCheck.run(this, datasources, d -> true, true);
  }

  /**
   * Releases what the runtime holds — its datasources and middleware resources (Redis clients, JWKS
   * refreshers, the deadline timer), each closed unless a later runtime of the same cache still
   * uses it — and closes its tracing (flushing its spans). Idempotent.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (listening) {
        listening.forEach(Runnable::run);
        listening.clear();
      }
      resources.close();
      releaseDatasources.run();
      tracing.close();
    }
  }

  /** A runtime, or the errors that kept it from being built. */
  public sealed interface Result {
    /** Built. */
    record Built(GatewayRuntime runtime) implements Result {}

    /** Not built; every error found. */
    record Invalid(List<ConfigError> errors) implements Result {}
  }
}
