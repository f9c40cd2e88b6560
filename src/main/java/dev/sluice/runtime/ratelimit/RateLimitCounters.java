package dev.sluice.runtime.ratelimit;

import java.util.concurrent.atomic.LongAdder;

/**
 * What one policy decided since its route table was built: requests allowed, refused (429) and
 * decided without the store because it failed. Cheap to update from every request; read by metrics.
 */
public final class RateLimitCounters {
  private final LongAdder allowed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();

  RateLimitCounters() {}

  public long allowed() {
    return allowed.sum();
  }

  public long rejected() {
    return rejected.sum();
  }

  public long storeFailures() {
    return storeFailures.sum();
  }

  void count(Decision d) {
    (d.allowed() ? allowed : rejected).increment();
  }

  void storeFailed() {
    storeFailures.increment();
  }
}
