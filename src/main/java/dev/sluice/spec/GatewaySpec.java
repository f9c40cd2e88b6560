package dev.sluice.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * gateway.yaml, validated: server, logging, telemetry, route files, named stacks, datasources,
 * upstreams, rate limits, Redis, reload and the admin listener.
 */
public record GatewaySpec(
    Path file,
    ServerSpec server,
    LoggingSpec logging,
    TelemetrySpec telemetry,
    List<String> routeFiles,
    Map<String, StackSpec> stacks,
    Map<String, DatasourceSpec> datasources,
    Map<String, UpstreamSpec> upstreams,
    Map<String, RateLimitSpec> rateLimits,
    java.util.Optional<RedisSpec> redis,
    ReloadSpec reload,
    java.util.Optional<AdminSpec> admin) {
  public GatewaySpec {
    routeFiles = List.copyOf(routeFiles);
    stacks = Map.copyOf(stacks);
    datasources = Map.copyOf(datasources);
    upstreams = Map.copyOf(upstreams);
    rateLimits = Map.copyOf(rateLimits);
  }
}
