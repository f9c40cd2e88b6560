package dev.sluice.runtime.ratelimit;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What one policy decided since its route table was built: requests allowed, refused (429) and
 * decided without the store because it failed, and how many per-client entries its store holds.
 * Cheap to update from every request; read by metrics.
 */
public final class RateLimitCounters {
  private final LongAdder allowed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();

  private final IntSupplier keys;

  RateLimitCounters(IntSupplier keys) {
    this.keys = keys;
  }

  public long allowed() {
    return allowed.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public long storeFailures() {
    return storeFailures.sum();
  }

  /** The per-client entries the policy's store holds now (see {@link RateLimitStore#keys()}). */
  public int keys() {
    return keys.getAsInt();
  }

  void count(Decision d) {
    (d.allowed() ? allowed : rejected).increment();
  }

  void storeFailed() {
    storeFailures.increment();
  }
}
