package dev.sluice.runtime.middleware.auth;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A small token bucket: {@code capacity} tokens, one more every {@code period} up to the capacity.
 * Limits how often a flood of tokens with unknown key ids can make the gateway fetch a JWKS.
 */
final class TokenBucket {
  private final int capacity;
  private final long periodNanos;
  private final LongSupplier nanoClock;
  private int tokens;
  private long refilledAt;

  TokenBucket(int capacity, Duration period, LongSupplier nanoClock) {
    if (capacity < 1 || period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("a token bucket needs capacity >= 1 and a period > 0");
    }
    this.capacity = capacity;
    this.periodNanos = period.toNanos();
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.refilledAt = nanoClock.getAsLong();
  }

  /** Takes a token if one is left. */
  synchronized boolean tryTake() {
    long now = nanoClock.getAsLong();
    long earned = (now - refilledAt) / periodNanos;
    if (earned > 0) {
      tokens = (int) Math.min(capacity, tokens + earned);
      refilledAt = tokens == capacity ? now : refilledAt + earned * periodNanos;
    }
    if (tokens == 0) {
      return false;
    }
    if (tokens == capacity) {
      refilledAt = now; // a full bucket earns nothing while it stays full
    }
    tokens--;
    return true;
  }
}
