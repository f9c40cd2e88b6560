package dev.sluice.runtime.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * {@code store: local}: buckets in this process, at most {@code max-keys} of them ({@link
 * ClientStore}). When a new key arrives at a full store a bucket is dropped; if its key comes back
 * it starts with a full bucket again. So a flood of distinct keys (spoofed addresses, random API
 * keys) costs bounded memory, and can only make the limit more lenient for the keys it pushes out,
 * never stricter for anyone. A bucket idle until it would be full again is dropped too.
 */
final class LocalStore implements RateLimitStore {
  private final Bandwidth limit;
  private final TimeMeter clock;
  private final ClientStore<Bucket> buckets;

  LocalStore(Bandwidth limit, int maxKeys) {
    this(limit, maxKeys, TimeMeter.SYSTEM_MILLISECONDS);
  }

  LocalStore(Bandwidth limit, int maxKeys, TimeMeter clock) {
    this.limit = limit;
    this.clock = clock;
    this.buckets =
        new ClientStore<>(maxKeys, ClientStore.untilFull(limit), clock::currentTimeNanos);
  }

  @Override
  public Decision tryConsume(String key) {
    Bucket b = buckets.get(key, k -> newBucket());
    return Decision.of(b.tryConsumeAndReturnRemaining(1), limit);
  }

  /** How many buckets the store holds now; at most {@code max-keys}. */
  int size() {
    return buckets.size();
  }

  @Override
  public int keys() {
    return size();
  }

  private Bucket newBucket() {
    return Bucket.builder().addLimit(limit).withCustomTimePrecision(clock).build();
  }
}
