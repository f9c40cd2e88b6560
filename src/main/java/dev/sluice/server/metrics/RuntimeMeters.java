package dev.sluice.server.metrics;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.sql.PoolGauges;
import dev.sluice.runtime.telemetry.QueryTimer;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The {@code sluice_*} meters read from the runtime being served, at scrape time: statement
 * durations, connection pools, rate-limit refusals and the config's hash. Nothing here runs per
 * request except {@link QueryTimer#record(long)}.
 */
final class RuntimeMeters {
  static final String QUERY_DURATION = "sluice_db_query_duration_seconds";
  static final String POOL_CONNECTIONS = "sluice_db_pool_connections";
  static final String POOL_MAX = "sluice_db_pool_max_connections";
  static final String POOL_IN_FLIGHT = "sluice_db_pool_statements_in_flight";
  static final String RATE_LIMIT_REJECTED = "sluice_rate_limit_rejected";
  static final String RATE_LIMIT_KEYS = "sluice_rate_limit_keys";
  static final String CONFIG_INFO = "sluice_config_info";

  private final MetricsFactory factory;
  private final MeterRegistry registry;
  private final Supplier<GatewayRuntime> runtime;

  private RuntimeMeters(
      MetricsFactory factory, MeterRegistry registry, Supplier<GatewayRuntime> runtime) {
    this.factory = factory;
    this.registry = registry;
    this.runtime = runtime;
  }

  /** Registers the meters of {@code runtime}'s current value. */
  static void register(
      MetricsFactory factory, MeterRegistry registry, Supplier<GatewayRuntime> runtime) {
    RuntimeMeters m = new RuntimeMeters(factory, registry, runtime);
    for (String name :
        List.of(
            POOL_CONNECTIONS,
            POOL_MAX,
            POOL_IN_FLIGHT,
            RATE_LIMIT_REJECTED,
            RATE_LIMIT_KEYS,
            CONFIG_INFO)) {
      Registries.replace(registry, name);
    }
    GatewayRuntime now = runtime.get();
    now.queryTimers().bind(m::queryTimer);
    for (PoolGauges p : now.pools()) {
      m.pool(p.datasource(), p.pool());
    }
    now.snapshot().gateway().rateLimits().keySet().forEach(m::rateLimit);
    registry.getOrCreate(
        factory
            .gaugeBuilder(CONFIG_INFO, () -> 1)
            .description(
                "Always 1; the hash label identifies the config being served"
                    + " (SHA-256 of gateway.yaml and the route files, 16 hex digits).")
            .tags(List.of(Tag.create("hash", now.snapshot().hash()))));
    UpstreamMeters.register(factory, registry, runtime);
  }

  private io.helidon.metrics.api.Timer queryTimer(QueryTimer t) {
    return registry.getOrCreate(
        factory
            .timerBuilder(QUERY_DURATION)
            .description(
                "Time a SQL route's statement took: execution and reading its rows, without"
                    + " waiting for a connection.")
            .tags(List.of(Tag.create("datasource", t.datasource()), Tag.create("route", t.route())))
            .percentiles(new double[0])
            .buckets(RequestMeters.BUCKETS));
  }

  private void pool(String datasource, String pool) {
    state(datasource, pool, "active", PoolGauges::active);
    state(datasource, pool, "idle", PoolGauges::idle);
    state(datasource, pool, "pending", PoolGauges::pending);
    registry.getOrCreate(
        factory
            .gaugeBuilder(POOL_MAX, this, m -> m.read(datasource, pool, p -> p.max()))
            .description("The most connections the pool may open (the datasource's pool-size).")
            .tags(List.of(Tag.create("datasource", datasource), Tag.create("pool", pool))));
    registry.getOrCreate(
        factory
            .gaugeBuilder(POOL_IN_FLIGHT, this, m -> m.read(datasource, pool, p -> p.inFlight()))
            .description(
                "Statements sent on the pool's connections and not yet answered: one per active"
                    + " connection on JDBC, any number per connection on the pipelined driver.")
            .tags(List.of(Tag.create("datasource", datasource), Tag.create("pool", pool))));
  }

  private void state(
      String datasource, String pool, String state, ToDoubleFunction<PoolGauges> value) {
    registry.getOrCreate(
        factory
            .gaugeBuilder(POOL_CONNECTIONS, this, m -> m.read(datasource, pool, value))
            .description(
                "Connections of a pool by state: active (lent to a statement; pipelined: with"
                    + " statements in flight), idle, and pending (requests waiting for one;"
                    + " pipelined: statements queued beyond the pipelining limit). pool is rw"
                    + " (read-write) or ro (read-only).")
            .tags(
                List.of(
                    Tag.create("datasource", datasource),
                    Tag.create("pool", pool),
                    Tag.create("state", state))));
  }

  /** {@code value} of the pool being served now; NaN when the runtime has no such pool. */
  private double read(String datasource, String pool, ToDoubleFunction<PoolGauges> value) {
    for (PoolGauges p : runtime.get().pools()) {
      if (p.datasource().equals(datasource) && p.pool().equals(pool)) {
        return value.applyAsDouble(p);
      }
    }
    return Double.NaN;
  }

  private void rateLimit(String policy) {
    registry.getOrCreate(
        factory
            .functionalCounterBuilder(
                RATE_LIMIT_REJECTED,
                this,
                m -> {
                  RateLimitCounters c = m.runtime.get().rateLimitCounters().get(policy);
                  return c == null ? 0L : c.rejected();
                })
            .description("Requests a rate-limit policy refused (429) since the config loaded.")
            .tags(List.of(Tag.create("policy", policy))));
    registry.getOrCreate(
        factory
            .gaugeBuilder(
                RATE_LIMIT_KEYS,
                this,
                m -> {
                  RateLimitCounters c = m.runtime.get().rateLimitCounters().get(policy);
                  return c == null ? Double.NaN : c.keys();
                })
            .description(
                "Per-client entries a rate-limit policy's store holds now (local buckets or Redis"
                    + " bucket handles): at most its max-keys, plus inserts in flight as it is read.")
            .tags(List.of(Tag.create("policy", policy))));
  }
}
