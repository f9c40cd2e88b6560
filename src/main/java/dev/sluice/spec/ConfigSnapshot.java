package dev.sluice.spec;

import java.util.List;

/**
 * Everything one load produced: gateway.yaml and every route, validated and immutable, with a hash
 * of the files it came from. A reload builds a new snapshot and swaps it whole.
 */
public record ConfigSnapshot(
    GatewaySpec gateway, List<RouteSpec> routes, List<String> files, String hash) {
  public ConfigSnapshot {
    routes = List.copyOf(routes);
    files = List.copyOf(files);
  }
}
