package dev.sluice.runtime.sql;

import dev.sluice.log.Log;
import dev.sluice.runtime.telemetry.QueryTimers;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.DatasourceSpec;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/** The datasources of one config, by name. Built without connecting; {@link #open()} connects. */
public final class Datasources implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.server");

  private final Map<String, Datasource> byName;
  private final QueryTimers queryTimers = new QueryTimers();
  private final boolean owning;

  private Datasources(Map<String, Datasource> byName, boolean owning) {
    this.byName = Map.copyOf(byName);
    this.owning = owning;
  }

  /**
   * One datasource per {@code datasources:} entry, each from {@code shared}, which owns them (a
   * reload reuses an unchanged datasource with its pool): {@link #close()} leaves them open.
   */
  public static Datasources shared(
      ConfigSnapshot snapshot, java.util.function.Function<DatasourceSpec, Datasource> shared) {
    Map<String, Datasource> m = new LinkedHashMap<>();
    for (DatasourceSpec spec : snapshot.gateway().datasources().values()) {
      m.put(spec.name(), shared.apply(spec));
    }
    return new Datasources(m, false);
  }

  /** One datasource per {@code datasources:} entry. */
  public static Datasources of(ConfigSnapshot snapshot) {
    Map<String, Datasource> m = new LinkedHashMap<>();
    for (DatasourceSpec spec : snapshot.gateway().datasources().values()) {
      m.put(spec.name(), new Datasource(spec));
    }
    return new Datasources(m, true);
  }

  /** None, for configs without SQL routes. */
  public static Datasources none() {
    return new Datasources(Map.of(), true);
  }

  public Optional<Datasource> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<Datasource> all() {
    return byName.values();
  }

  /** The statement timers of the SQL routes built on these datasources. */
  public QueryTimers queryTimers() {
    return queryTimers;
  }

  /** Opens every datasource (creates pools and the embedded database) and logs each. */
  public void open() throws SQLException {
    for (Datasource d : byName.values()) {
      if (d.isOpen()) {
        continue; // reused by a reload: its pool is open
      }
      d.open();
      Log.info(
          LOG,
          "datasource opened",
          "datasource",
          d.name(),
          "kind",
          d.embedded() ? "embedded H2 (PostgreSQL mode)" : "postgresql",
          "pool_size",
          d.spec().poolSize());
    }
  }

  /** Closes the datasources this owns (not those {@link #shared} hands out). */
  @Override
  public void close() {
    if (owning) {
      byName.values().forEach(Datasource::close);
    }
  }
}
