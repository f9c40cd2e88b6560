package dev.sluice.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.sluice.runtime.RouteTable;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.telemetry.QueryTimer;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToIntBiFunction;

/**
 * The {@code sluice_*} meters read from the route table being served, at scrape time: statement
 * durations, connection pools, rate-limit refusals and the config's hash. Nothing here runs per
 * request except {@link QueryTimer#record(long)}.
 */
final class TableMeters {
  static final String QUERY_DURATION = "sluice_db_query_duration_seconds";
  static final String POOL_CONNECTIONS = "sluice_db_pool_connections";
  static final String POOL_MAX = "sluice_db_pool_max_connections";
  static final String RATE_LIMIT_REJECTED = "sluice_rate_limit_rejected";
  static final String CONFIG_INFO = "sluice_config_info";

  private final MetricsFactory factory;
  private final MeterRegistry registry;
  private final Supplier<RouteTable> table;

  private TableMeters(MetricsFactory factory, MeterRegistry registry, Supplier<RouteTable> table) {
    this.factory = factory;
    this.registry = registry;
    this.table = table;
  }

  /** Registers the meters of {@code table}'s current value. */
  static void register(MetricsFactory factory, MeterRegistry registry, Supplier<RouteTable> table) {
    TableMeters m = new TableMeters(factory, registry, table);
    for (String name : List.of(POOL_CONNECTIONS, POOL_MAX, RATE_LIMIT_REJECTED, CONFIG_INFO)) {
      Registries.replace(registry, name);
    }
    RouteTable now = table.get();
    now.datasources().queryTimers().bind(m::queryTimer);
    for (Datasource d : now.datasources().all()) {
      m.pool(d.name(), "rw", false);
      if (!d.embedded()) {
        m.pool(d.name(), "ro", true);
      }
    }
    now.snapshot().gateway().rateLimits().keySet().forEach(m::rateLimit);
    registry.getOrCreate(
        factory
            .gaugeBuilder(CONFIG_INFO, () -> 1)
            .description(
                "Always 1; the hash label identifies the config being served"
                    + " (SHA-256 of gateway.yaml and the route files, 16 hex digits).")
            .tags(List.of(Tag.create("hash", now.snapshot().hash()))));
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

  private void pool(String datasource, String pool, boolean readOnly) {
    state(datasource, pool, readOnly, "active", (d, b) -> b.getActiveConnections());
    state(datasource, pool, readOnly, "idle", (d, b) -> b.getIdleConnections());
    // requests queue in front of the pool (Datasource.connection), so HikariCP itself rarely
    // has waiters: pending counts both
    state(
        datasource,
        pool,
        readOnly,
        "pending",
        (d, b) -> b.getThreadsAwaitingConnection() + d.waiting(readOnly));
    registry.getOrCreate(
        factory
            .gaugeBuilder(
                POOL_MAX,
                this,
                // the pool is built with maximumPoolSize = pool-size
                m -> m.read(datasource, readOnly, (d, b) -> d.spec().poolSize()))
            .description("The most connections the pool may open (the datasource's pool-size).")
            .tags(List.of(Tag.create("datasource", datasource), Tag.create("pool", pool))));
  }

  private void state(
      String datasource,
      String pool,
      boolean readOnly,
      String state,
      ToIntBiFunction<Datasource, HikariPoolMXBean> read) {
    registry.getOrCreate(
        factory
            .gaugeBuilder(POOL_CONNECTIONS, this, m -> m.read(datasource, readOnly, read))
            .description(
                "Connections of a pool by state: active (lent to a statement), idle, and pending"
                    + " (requests waiting for one). pool is rw (read-write) or ro (read-only).")
            .tags(
                List.of(
                    Tag.create("datasource", datasource),
                    Tag.create("pool", pool),
                    Tag.create("state", state))));
  }

  /** {@code read} of the pool being served now; NaN while it is not open. */
  private double read(
      String datasource, boolean readOnly, ToIntBiFunction<Datasource, HikariPoolMXBean> read) {
    Optional<Datasource> d = table.get().datasources().get(datasource);
    if (d.isEmpty()) {
      return Double.NaN;
    }
    try {
      HikariPoolMXBean bean =
          d.get().pool(readOnly).unwrap(HikariDataSource.class).getHikariPoolMXBean();
      return bean == null ? Double.NaN : read.applyAsInt(d.get(), bean);
    } catch (IllegalStateException | SQLException e) {
      return Double.NaN; // not open (yet, or any more)
    }
  }

  private void rateLimit(String policy) {
    registry.getOrCreate(
        factory
            .functionalCounterBuilder(
                RATE_LIMIT_REJECTED,
                this,
                m -> {
                  RateLimitCounters c = m.table.get().rateLimitCounters().get(policy);
                  return c == null ? 0L : c.rejected();
                })
            .description("Requests a rate-limit policy refused (429) since the config loaded.")
            .tags(List.of(Tag.create("policy", policy))));
  }
}
