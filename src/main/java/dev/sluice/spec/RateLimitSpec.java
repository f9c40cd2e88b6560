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
 *     ipv6-prefix: 64        # client-ip: an IPv6 client is its /64 (1 to 128; 128: each address)
 *     store: local           # local (in-process, bounded) | redis (shared by replicas)
 *     on-store-failure: deny # allow | deny, when Redis cannot be reached
 *     max-keys: 100000       # local store: idle buckets beyond this are evicted
 * </pre>
 *
 * @param key {@code client-ip}, {@code route}, {@code header:<name>} or {@code claim:<name>}
 * @param ipv6Prefix with {@code key: client-ip}, the prefix length by which IPv6 clients are keyed:
 *     one bucket per network, since a client of one /64 can pick any of its 2^64 addresses
 */
public record RateLimitSpec(
    String name,
    long capacity,
    long refill,
    Duration period,
    String key,
    int ipv6Prefix,
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

  /** An IPv6 client is its /64 by default: the smallest network a site is usually given. */
  public static final int DEFAULT_IPV6_PREFIX = 64;
}
