package dev.sluice.runtime.middleware;

import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.RouteSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a middleware factory may use besides its arguments.
 *
 * @param snapshot the configuration (gateway-level sections such as rate-limit policies)
 * @param route the route whose chain is being built; empty for the unmatched stack
 * @param configDir the directory of the file the middleware is written in (gateway.yaml for a
 *     stack, the route file for a route's own middleware): relative paths resolve against it
 * @param resources what the runtime's middleware share
 */
public record MiddlewareContext(
    ConfigSnapshot snapshot,
    Optional<RouteSpec> route,
    Path configDir,
    MiddlewareResources resources) {

  /** A context for the unmatched stack, in gateway.yaml's directory. */
  public static MiddlewareContext of(ConfigSnapshot snapshot, MiddlewareResources resources) {
    return new MiddlewareContext(
        snapshot,
        Optional.empty(),
        snapshot.gateway().file().toAbsolutePath().getParent(),
        resources);
  }

  /** The same, while building {@code r}'s chain. */
  public MiddlewareContext forRoute(RouteSpec r) {
    return new MiddlewareContext(snapshot, Optional.of(r), configDir, resources);
  }

  /** The same, for a middleware written in a file in {@code dir}. */
  public MiddlewareContext in(Path dir) {
    return new MiddlewareContext(snapshot, route, dir, resources);
  }
}
