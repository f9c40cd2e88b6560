package dev.sluice.spec;

import java.time.Duration;

/**
 * A named token-bucket policy from gateway.yaml's {@code rate-limits:}.
 *
 * <pre>
 * rate-limits:
 *   per-client:
 *     capacity: 100          # burst
 *     refill: 50             # tokens added …
 *     period: 1s             # … every period
 *     key: client-ip         # client-ip | route | header:X-Api-Key | claim:sub
 *     store: local           # local (in-process, bounded) | redis (shared by replicas)
 *     on-store-failure: deny # allow | deny, when Redis cannot be reached
 *     max-keys: 100000       # local store: idle buckets beyond this are evicted
 * </pre>
 *
 * @param key {@code client-ip}, {@code route}, {@code header:<name>} or {@code claim:<name>}
 */
public record RateLimitSpec(
    String name,
    long capacity,
    long refill,
    Duration period,
    String key,
    Store store,
    boolean allowOnStoreFailure,
    int maxKeys,
    Origin origin) {

  /** Where buckets live. */
  public enum Store {
    LOCAL,
    REDIS
  }

  public static final int DEFAULT_MAX_KEYS = 100_000;
}
