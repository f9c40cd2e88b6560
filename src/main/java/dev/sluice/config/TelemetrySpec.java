package dev.sluice.config;

import java.util.Optional;

/**
 * The {@code telemetry:} section of gateway.yaml.
 *
 * <pre>
 * telemetry:
 *   metrics:
 *     enabled: true     # default
 *     path: /metrics    # default
 *     port: 9464        # optional: a listener of its own; absent, the metrics share server.port
 * </pre>
 */
public record TelemetrySpec(Metrics metrics) {

  /** Everything at its default: metrics on, at {@code /metrics}, on the server's port. */
  public static TelemetrySpec defaults() {
    return new TelemetrySpec(Metrics.defaults());
  }

  /** {@code telemetry.metrics}: the Prometheus endpoint. */
  public record Metrics(boolean enabled, String path, Optional<Integer> port) {
    public static final String DEFAULT_PATH = "/metrics";

    public static Metrics defaults() {
      return new Metrics(true, DEFAULT_PATH, Optional.empty());
    }
  }
}
