package dev.sluice.spec;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code telemetry:} section: Prometheus metrics, and OpenTelemetry traces and log records sent
 * to a collector over OTLP/HTTP.
 *
 * <pre>
 * telemetry:
 *   metrics:
 *     enabled: true          # default
 *     path: /metrics         # default
 *     port: 9464             # optional: a listener of its own; absent, the metrics share server.port
 *     host: 127.0.0.1        # where that listener binds (default: loopback)
 *   tracing:
 *     enabled: ${SLUICE_TRACING:-false}
 *     endpoint: ${SLUICE_OTLP_ENDPOINT:-http://localhost:4318/v1/traces}
 *     sampler-ratio: 1.0     # new traces; a caller's sampled traceparent is always followed
 *     service-name: sluice
 *   logs:
 *     export: none           # otlp: log records also go to the collector, beside stdout
 *     endpoint: http://localhost:4318/v1/logs
 * </pre>
 */
public record TelemetrySpec(Metrics metrics, Tracing tracing, Logs logs) {
  public static final String DEFAULT_SERVICE_NAME = "sluice";

  /** The defaults when gateway.yaml has no {@code telemetry:}: metrics on, nothing exported. */
  public static TelemetrySpec defaults() {
    return new TelemetrySpec(Metrics.defaults(), Tracing.defaults(), Logs.defaults());
  }

  /**
   * {@code telemetry.metrics}: the Prometheus endpoint.
   *
   * @param port a listener of its own for the metrics, {@code /healthz} and the detailed {@code
   *     /readyz}; empty: the metrics share the traffic port (which must then be on loopback)
   * @param host where that listener binds
   */
  public record Metrics(boolean enabled, String path, Optional<Integer> port, String host) {
    public static final String DEFAULT_PATH = "/metrics";
    public static final String DEFAULT_HOST = "127.0.0.1";

    public static Metrics defaults() {
      return new Metrics(true, DEFAULT_PATH, Optional.empty(), DEFAULT_HOST);
    }

    /** The port of a listener of their own, when the metrics are on and have one. */
    public Optional<Integer> ownPort() {
      return enabled ? port : Optional.empty();
    }
  }

  /**
   * {@code telemetry.tracing}.
   *
   * @param samplerRatio the share of new traces recorded, 0 to 1 (parent-based: a request whose
   *     {@code traceparent} says sampled is recorded whatever the ratio)
   * @param serviceName the {@code service.name} of spans and of exported log records
   */
  public record Tracing(boolean enabled, URI endpoint, double samplerRatio, String serviceName) {
    public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318/v1/traces");

    public static Tracing defaults() {
      return new Tracing(false, DEFAULT_ENDPOINT, 1.0, DEFAULT_SERVICE_NAME);
    }
  }

  /** {@code telemetry.logs}: whether log records also go to the collector. */
  public record Logs(Export export, URI endpoint) {
    public static final URI DEFAULT_ENDPOINT = URI.create("http://localhost:4318/v1/logs");

    public static Logs defaults() {
      return new Logs(Export.NONE, DEFAULT_ENDPOINT);
    }
  }

  /** Where log records go besides stdout. */
  public enum Export {
    NONE,
    OTLP
  }
}
