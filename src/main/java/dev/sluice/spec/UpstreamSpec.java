package dev.sluice.spec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A named HTTP service from gateway.yaml's {@code upstreams:}, or the one target a route writes
 * inline ({@code proxy.url}). Every key but {@code targets} has a default.
 *
 * <pre>
 * upstreams:
 *   orders:
 *     targets: [http://10.0.0.5:8080, http://10.0.0.6:8080]
 *     balance: round-robin            # or least-requests (power of two choices)
 *     connect-timeout: 1s
 *     timeout: 10s                    # request head to last response byte; a route may lower it
 *     max-connections: 512            # per target, kept alive and reused
 *     retries: {attempts: 2, on: [connect-failure, reset, 502, 503, 504]}
 *     health-check: {path: /healthz, interval: 5s, timeout: 1s, unhealthy-after: 3, healthy-after: 2}
 *     outlier: {consecutive-failures: 5, eject-for: 30s}
 *     ca-file: certs/internal-ca.pem  # https targets: trusted besides the system's CAs
 * </pre>
 *
 * @param name the upstream's name, or {@code url:<target>} for an inline one
 * @param targets each target's scheme, host and port (no path)
 * @param origin where it is written; not part of what makes a client (see {@link #settings()})
 */
public record UpstreamSpec(
    String name,
    List<URI> targets,
    Balance balance,
    Duration connectTimeout,
    Duration timeout,
    int maxConnections,
    Retries retries,
    Optional<HealthCheck> healthCheck,
    Outlier outlier,
    Optional<Path> caFile,
    Origin origin) {

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 512;

  public UpstreamSpec {
    targets = List.copyOf(targets);
  }

  /** How a request picks its target. */
  public enum Balance {
    ROUND_ROBIN,
    LEAST_REQUESTS
  }

  /**
   * When a failed try is tried again (idempotent methods only, before any response byte went to the
   * client, on another target when there is one).
   *
   * @param attempts tries in all, the first included
   * @param statuses upstream statuses that count as failures to retry (502, 503, 504)
   */
  public record Retries(
      int attempts, boolean onConnectFailure, boolean onReset, Set<Integer> statuses) {
    public Retries {
      statuses = Set.copyOf(statuses);
    }

    public static Retries defaults() {
      return new Retries(2, true, true, Set.of());
    }
  }

  /** Active checks: {@code GET path} on every target each {@code interval}. */
  public record HealthCheck(
      String path, Duration interval, Duration timeout, int unhealthyAfter, int healthyAfter) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_UNHEALTHY_AFTER = 3;
    public static final int DEFAULT_HEALTHY_AFTER = 2;
  }

  /**
   * Passive ejection: after {@code consecutiveFailures} failures in a row, out for {@code
   * ejectFor}.
   */
  public record Outlier(boolean enabled, int consecutiveFailures, Duration ejectFor) {
    public static Outlier defaults() {
      return new Outlier(true, 5, Duration.ofSeconds(30));
    }
  }

  /**
   * The settings alone, without where they are written: a reload keeps an upstream's client (its
   * connections, health and ejections) while these stay the same.
   */
  public UpstreamSpec settings() {
    return new UpstreamSpec(
        name,
        targets,
        balance,
        connectTimeout,
        timeout,
        maxConnections,
        retries,
        healthCheck,
        outlier,
        caFile,
        new Origin("", 1, 1, ""));
  }

  /** One target written inline as {@code proxy.url}, with every default. */
  public static UpstreamSpec inline(URI target, Origin origin) {
    return new UpstreamSpec(
        "url:" + target,
        List.of(target),
        Balance.ROUND_ROBIN,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS,
        Retries.defaults(),
        Optional.empty(),
        Outlier.defaults(),
        Optional.empty(),
        origin);
  }
}
