package dev.sluice.runtime.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import java.time.Duration;
import java.util.function.Function;

/**
 * The per-client values of one rate-limit policy (local buckets, Redis bucket handles), in a
 * Caffeine cache: at most {@code max-keys} of them, and a key idle for as long as its bucket takes
 * to fill up again is dropped — a bucket that would be full anyway is the same as a new one, so
 * expiry changes no decision. Which key goes when the store is full is Caffeine's choice
 * (W-TinyLFU): keys seen often are kept over a flood of keys seen once. Maintenance runs on the
 * calling thread, so the size bound holds when a call returns.
 */
final class ClientStore<V> {
  private final Cache<String, V> cache;

  ClientStore(int maxKeys, Duration idle, Ticker ticker) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("max-keys must be at least 1");
    }
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxKeys)
            .expireAfterAccess(idle)
            .ticker(ticker)
            .executor(Runnable::run)
            .build();
  }

  /** The value of {@code key}, created when absent (possibly dropping another). */
  V get(String key, Function<String, V> create) {
    return cache.get(key, create);
  }

  /** Values held now, after pending evictions and expiries; never more than {@code max-keys}. */
  int size() {
    cache.cleanUp();
    return (int) cache.estimatedSize();
  }

  /** How long an empty bucket of {@code limit} takes to be full again: a key's idle expiry. */
  static Duration untilFull(Bandwidth limit) {
    long periods = Math.ceilDiv(limit.getCapacity(), limit.getRefillTokens());
    return Duration.ofNanos(limit.getRefillPeriodNanos()).multipliedBy(periods);
  }
}
