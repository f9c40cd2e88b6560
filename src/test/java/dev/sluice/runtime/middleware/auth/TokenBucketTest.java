package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final TokenBucket bucket = new TokenBucket(3, Duration.ofSeconds(10), now::get);

  @Test
  void aBurstThenOneTokenPerPeriod() {
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(false));
    advance(9);
    assertThat(bucket.tryTake(), is(false));
    advance(1);
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(false));
  }

  @Test
  void idleTimeFillsTheBucketOnlyUpToItsCapacity() {
    for (int i = 0; i < 3; i++) {
      bucket.tryTake();
    }
    advance(3600);
    int taken = 0;
    while (bucket.tryTake()) {
      taken++;
    }
    assertThat(taken, is(3));
  }

  @Test
  void aFullBucketEarnsNothingWhileFull() {
    advance(25); // full all along
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(true));
    assertThat(bucket.tryTake(), is(true));
    advance(5);
    assertThat(bucket.tryTake(), is(false)); // no half-earned token from the full period
    advance(5);
    assertThat(bucket.tryTake(), is(true));
  }

  private void advance(long seconds) {
    now.addAndGet(Duration.ofSeconds(seconds).toNanos());
  }
}
