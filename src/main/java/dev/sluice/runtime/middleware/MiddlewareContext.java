package dev.sluice.runtime.middleware;

import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.RouteSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a middleware factory may use besides its arguments: the config snapshot (gateway-level
 * sections such as rate-limit policies), the directory relative paths resolve against, the route
 * being built (empty for the unmatched stack), and resources shared by every route of one route
 * table — one rate-limit store per policy, one Redis client — created on first use and closed with
 * the table.
 */
public final class MiddlewareContext implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.middleware");

  private final ConfigSnapshot snapshot;
  private final Map<Object, Object> shared;
  private final List<AutoCloseable> closeables;
  private final Optional<RouteSpec> route;
  private final Path baseDir;

  private MiddlewareContext(
      ConfigSnapshot snapshot,
      Map<Object, Object> shared,
      List<AutoCloseable> closeables,
      Optional<RouteSpec> route,
      Path baseDir) {
    this.snapshot = snapshot;
    this.shared = shared;
    this.closeables = closeables;
    this.route = route;
    this.baseDir = baseDir;
  }

  /** A context for one route table. */
  public static MiddlewareContext of(ConfigSnapshot snapshot) {
    return new MiddlewareContext(
        snapshot,
        new ConcurrentHashMap<>(),
        new ArrayList<>(),
        Optional.empty(),
        snapshot.gateway().file().toAbsolutePath().getParent());
  }

  /** The same shared resources, while building {@code route}. */
  public MiddlewareContext forRoute(RouteSpec route) {
    return new MiddlewareContext(snapshot, shared, closeables, Optional.of(route), baseDir);
  }

  /** The same context for a middleware written in a file in {@code dir}. */
  public MiddlewareContext in(Path dir) {
    return new MiddlewareContext(snapshot, shared, closeables, route, dir);
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The directory of the file the middleware is written in (gateway.yaml for a stack, the route
   * file for a route's own middleware): relative paths in its arguments resolve against it.
   */
  public Path configDir() {
    return baseDir;
  }

  /** The route whose chain is being built; empty for the unmatched stack. */
  public Optional<RouteSpec> route() {
    return route;
  }

  /**
   * The resource stored under {@code key}, created by {@code create} the first time. A resource
   * that is {@link AutoCloseable} is closed when the route table is.
   */
  @SuppressWarnings("unchecked")
  public synchronized <T> T shared(Object key, Function<MiddlewareContext, T> create) {
    Object existing = shared.get(key);
    if (existing != null) {
      return (T) existing;
    }
    T created = create.apply(this);
    shared.put(key, created);
    if (created instanceof AutoCloseable c) {
      closeables.add(c);
    }
    return created;
  }

  /** Every shared resource of {@code type} created so far (read by metrics at scrape time). */
  public synchronized <T> List<T> shared(Class<T> type) {
    return shared.values().stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Closes the shared resources, newest first. */
  @Override
  public synchronized void close() {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        LOG.log(Level.WARNING, "closing a middleware resource failed", e);
      }
    }
    closeables.clear();
    shared.clear();
  }
}
