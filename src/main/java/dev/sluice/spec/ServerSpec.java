package dev.sluice.spec;

import dev.sluice.net.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code server:} section of gateway.yaml.
 *
 * <pre>
 * server:
 *   host: 127.0.0.1                 # default: this machine only; 0.0.0.0 for every interface
 *   port: ${SLUICE_PORT:-8080}
 *   shutdown: {drain-delay: 5s, grace: 30s}
 *   limits: {max-concurrent-requests: 10000, read-timeout: 30s}
 *   trusted-proxies: [10.0.0.0/8]   # X-Forwarded-For is believed only from these peers
 * </pre>
 */
public record ServerSpec(
    String host,
    int port,
    Duration drainDelay,
    Duration grace,
    Limits limits,
    Optional<String> unmatchedStack,
    List<Cidr> trustedProxies) {
  public ServerSpec {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /**
   * Defaults an operator gets when a key is left out: the traffic listener is reachable from this
   * machine only until {@code host} says otherwise (docs/security.md).
   */
  public static final String DEFAULT_HOST = "127.0.0.1";

  public static final int DEFAULT_PORT = 8080;

  /** Whether the traffic listener is reachable from this machine only ({@code host} loopback). */
  public boolean loopback() {
    return dev.sluice.net.IpAddress.isLoopbackHost(host);
  }

  public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /** Server limits; each has a safe default so a slow or greedy client cannot hold the server. */
  public record Limits(
      int maxConcurrentRequests,
      int maxConnections,
      int maxHeaderSize,
      long maxPayloadSize,
      Duration idleTimeout,
      Duration readTimeout) {

    /** The defaults. */
    public static Limits defaults() {
      return new Limits(
          10_000,
          10_000,
          16 * 1024,
          10L * 1024 * 1024,
          Duration.ofSeconds(60),
          Duration.ofSeconds(30));
    }
  }
}
