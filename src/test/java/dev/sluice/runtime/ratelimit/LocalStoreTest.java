package dev.sluice.runtime.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.spec.Origin;
import dev.sluice.spec.RateLimitSpec;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LocalStoreTest {
  /** A clock the test moves. */
  static final class Clock implements TimeMeter {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long currentTimeNanos() {
      return nanos.get();
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  static RateLimitSpec spec(long capacity, long refill, Duration period, int maxKeys) {
    return new RateLimitSpec(
        "p",
        capacity,
        refill,
        period,
        "client-ip",
        RateLimitSpec.DEFAULT_IPV6_PREFIX,
        RateLimitSpec.Store.LOCAL,
        false,
        maxKeys,
        new Origin("test.yaml", 1, 1, "/rate-limits/p"));
  }

  @Test
  void burstThenRefusalWithResetAndRetryAfter() {
    Clock clock = new Clock();
    // 3 tokens, refilled greedily: 3 per minute is one every 20 s. The reset is the time until the
    // next token is back, not until the bucket is full (issue 15: "Retry-After: 12" beside
    // "RateLimit-Reset: 60" on one 429)
    LocalStore store =
        new LocalStore(RateLimiter.bandwidth(spec(3, 3, Duration.ofMinutes(1), 10)), 10, clock);
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 2, 20, 0)));
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 1, 20, 0)));
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 0, 20, 0)));
    assertThat(store.tryConsume("a"), is(new Decision(false, 3, 0, 20, 20)));
    // another key has its own bucket
    assertThat(store.tryConsume("b").remaining(), is(2L));

    clock.advance(Duration.ofSeconds(5));
    assertThat(store.tryConsume("a"), is(new Decision(false, 3, 0, 15, 15)));
    clock.advance(Duration.ofSeconds(15));
    // greedy: one token is back after 20 s, not all three after the minute
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 0, 20, 0)));
    clock.advance(Duration.ofSeconds(30)); // a token and a half back
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 0, 10, 0)));
    clock.advance(Duration.ofHours(1));
    assertThat(store.tryConsume("a"), is(new Decision(true, 3, 2, 20, 0)));
  }

  @Test
  void refillSmallerThanCapacity() {
    Clock clock = new Clock();
    // burst of 10, then 1 per second
    LocalStore store =
        new LocalStore(RateLimiter.bandwidth(spec(10, 1, Duration.ofSeconds(1), 10)), 10, clock);
    for (int i = 0; i < 10; i++) {
      assertThat(store.tryConsume("k").allowed(), is(true));
    }
    Decision refused = store.tryConsume("k");
    assertThat(refused, is(new Decision(false, 10, 0, 1, 1)));
    clock.advance(Duration.ofMillis(1500));
    assertThat(store.tryConsume("k"), is(new Decision(true, 10, 0, 1, 0)));
  }

  @Test
  void everyRefusalNamesOneMomentInBothHeaders() {
    Clock clock = new Clock();
    // the shipped login policy: 5 per minute, a token every 12 s
    LocalStore store =
        new LocalStore(RateLimiter.bandwidth(spec(5, 5, Duration.ofMinutes(1), 10)), 10, clock);
    for (int ms = 0; ms < 180_000; ms += 700) {
      Decision d = store.tryConsume("k");
      if (!d.allowed()) {
        assertThat("at " + ms + " ms", d.resetSeconds(), is(d.retryAfterSeconds()));
      }
      assertThat("at " + ms + " ms", d.resetSeconds() <= 12, is(true));
      clock.advance(Duration.ofMillis(700));
    }
  }

  @Test
  void aBucketIdleUntilItWouldBeFullAgainIsDropped() {
    Clock clock = new Clock();
    // 4 tokens, 2 back every 10 s: an empty bucket is full again after 20 s
    LocalStore store =
        new LocalStore(RateLimiter.bandwidth(spec(4, 2, Duration.ofSeconds(10), 10)), 10, clock);
    for (int i = 0; i < 4; i++) {
      store.tryConsume("idle");
    }
    store.tryConsume("busy");
    clock.advance(Duration.ofSeconds(15));
    assertThat(store.tryConsume("busy").allowed(), is(true));
    assertThat("not full yet: kept", store.size(), is(2));
    clock.advance(Duration.ofSeconds(6));
    assertThat("idle for 21 s: dropped; busy was used 6 s ago", store.size(), is(1));
    // a dropped bucket comes back full, as it would have been
    assertThat(store.tryConsume("idle"), is(new Decision(true, 4, 3, 5, 0)));
  }

  @Test
  void hundredThousandDistinctKeysKeepTheStoreBounded() {
    int maxKeys = 1_000;
    LocalStore store =
        new LocalStore(RateLimiter.bandwidth(spec(5, 5, Duration.ofSeconds(1), maxKeys)), maxKeys);
    for (int i = 0; i < 100_000; i++) {
      // what a flood of spoofed X-Forwarded-For addresses looks like to the store
      String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
      assertThat(store.tryConsume(ip).allowed(), is(true));
      assertThat(store.size(), lessThanOrEqualTo(maxKeys));
    }
    assertThat(store.size(), is(maxKeys));
  }
}
