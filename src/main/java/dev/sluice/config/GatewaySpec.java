package dev.sluice.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** gateway.yaml, validated: server, logging, where the route files are, and the named stacks. */
public record GatewaySpec(
    Path file,
    ServerSpec server,
    LoggingSpec logging,
    List<String> routeFiles,
    Map<String, StackSpec> stacks) {
  public GatewaySpec {
    routeFiles = List.copyOf(routeFiles);
    stacks = Map.copyOf(stacks);
  }
}
