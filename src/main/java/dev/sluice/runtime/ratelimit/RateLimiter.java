package dev.sluice.runtime.ratelimit;

import dev.sluice.log.Log;
import dev.sluice.spec.RateLimitSpec;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One rate-limit policy of a runtime: its token bucket, its store and its counters. Every route
 * that names the policy shares the one instance, so a key's bucket is the same whichever of those
 * routes it calls.
 *
 * <pre>
 * rate-limits:
 *   per-client:
 *     capacity: 100      # burst: a full bucket holds this many tokens
 *     refill: 50         # tokens added per period, continuously (one every period/refill)
 *     period: 1s
 *     key: client-ip
 *     store: local       # or redis, shared by every gateway on that Redis
 *     on-store-failure: deny
 * </pre>
 *
 * <p>Refill is greedy: tokens come back one at a time, evenly over the period, rather than all at
 * once when it ends; so "100 per hour" never lets 200 requests through around an hour boundary.
 */
public final class RateLimiter {
  private static final Logger LOG = Logger.getLogger("sluice.ratelimit");
  private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final RateLimitSpec spec;
  private final RateLimitStore store;
  private final RateLimitCounters counters;
  private final AtomicLong nextWarning = new AtomicLong(System.nanoTime());
  private final AtomicLong failuresSinceWarning = new AtomicLong();

  RateLimiter(RateLimitSpec spec, RateLimitStore store) {
    this.spec = spec;
    this.store = store;
    this.counters = new RateLimitCounters(store::keys);
  }

  /**
   * A limiter for {@code spec} with its store: a bounded local store, or Redis through {@code
   * redis}, asked for only when the policy says {@code store: redis} (every Redis policy of a
   * runtime shares one client).
   *
   * @param traced whether store calls get spans (tracing is on)
   */
  public static RateLimiter create(
      RateLimitSpec spec, Supplier<RedisBackend> redis, boolean traced) {
    Bandwidth limit = bandwidth(spec);
    RateLimitStore store =
        switch (spec.store()) {
          case LOCAL -> new LocalStore(limit, spec.maxKeys());
          case REDIS -> {
            RedisBackend backend = redis.get();
            backend.prepare();
            yield new RedisStore(
                spec.name(),
                BucketConfiguration.builder().addLimit(limit).build(),
                backend,
                spec.maxKeys());
          }
        };
    return new RateLimiter(spec, traced ? TracedStore.of(store, spec) : store);
  }

  static Bandwidth bandwidth(RateLimitSpec spec) {
    return Bandwidth.builder()
        .capacity(spec.capacity())
        .refillGreedy(spec.refill(), spec.period())
        .build();
  }

  public RateLimitSpec spec() {
    return spec;
  }

  public RateLimitCounters counters() {
    return counters;
  }

  /**
   * Takes a token for {@code key}. A store failure is counted and logged (a WARN at most every 10 s
   * per policy, with the number of failures since the last one) before it is thrown.
   */
  public Decision check(String key) throws StoreUnavailableException {
    try {
      Decision d = store.tryConsume(key);
      counters.count(d);
      return d;
    } catch (StoreUnavailableException e) {
      counters.storeFailed();
      warn(e);
      throw e;
    }
  }

  /** The number of buckets a local store holds, or -1 for Redis (for tests). */
  int localBuckets() {
    return store instanceof LocalStore l ? l.size() : -1;
  }

  RateLimitStore store() {
    return store;
  }

  private void warn(StoreUnavailableException e) {
    long failures = failuresSinceWarning.incrementAndGet();
    long now = System.nanoTime();
    long next = nextWarning.get();
    if (now - next < 0 || !nextWarning.compareAndSet(next, now + WARN_EVERY_NANOS)) {
      return;
    }
    failuresSinceWarning.addAndGet(-failures);
    Log.warn(
        LOG,
        "rate-limit store unavailable",
        "policy",
        spec.name(),
        "store",
        spec.store().name().toLowerCase(java.util.Locale.ROOT),
        "on_store_failure",
        spec.allowOnStoreFailure() ? "allow" : "deny",
        "failures",
        failures,
        "error",
        e.getMessage());
  }
}
