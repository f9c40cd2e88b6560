package dev.sluice.runtime.ratelimit;

/** Where a policy's buckets live: in this process ({@link LocalStore}) or in Redis. */
interface RateLimitStore {
  /** Takes one token from the bucket of {@code key}, creating a full bucket for a new key. */
  Decision tryConsume(String key) throws StoreUnavailableException;

  /**
   * The per-client entries it holds now (buckets, or Redis bucket handles): at most max-keys once
   * the cache's maintenance has run; a read racing other requests' inserts may see one more per
   * insert in flight.
   */
  int keys();
}
