package dev.sluice.runtime.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.ConsumptionProbe;

/**
 * The answer of a rate-limit policy for one request, with what the response headers tell the client
 * (draft-ietf-httpapi-ratelimit-headers; docs/middleware.md).
 *
 * <pre>
 * RateLimit-Limit: 100        # limit: the bucket's capacity
 * RateLimit-Remaining: 41     # remaining: whole tokens left after this request
 * RateLimit-Reset: 1          # resetSeconds: until the next token is back (0 when full)
 * Retry-After: 1              # retryAfterSeconds, on a refusal only: the same point in time
 * </pre>
 *
 * <p>A token bucket has no window that resets: its tokens come back one at a time, one every {@code
 * period / refill}. So "the quota resets" is read as the draft's later revisions word it,
 * "additional quota is made available": the reset is the seconds until {@code remaining} grows by
 * one, and on a refusal it is the {@code Retry-After} value — both name the moment a retry can
 * succeed, as the draft asks of a response that carries both.
 *
 * @param allowed whether the request took a token
 * @param limit the bucket's capacity
 * @param remaining whole tokens left
 * @param resetSeconds seconds, rounded up, until the next token is back; 0 when the bucket is full
 * @param retryAfterSeconds on a refusal, seconds, rounded up and at least 1, until a token is
 *     available, equal to {@code resetSeconds}; 0 when allowed
 */
public record Decision(
    boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

  /** Below this a remainder of the full-refill time is rounding in Bucket4j's arithmetic. */
  private static final long SLACK_NANOS = 1_000_000;

  /** The decision for a probe of a bucket with the greedy refill {@code bandwidth}. */
  static Decision of(ConsumptionProbe p, Bandwidth bandwidth) {
    long capacity = bandwidth.getCapacity();
    if (!p.isConsumed()) {
      long retry = Math.max(1, ceilSeconds(p.getNanosToWaitForRefill()));
      return new Decision(false, capacity, 0, retry, retry);
    }
    return new Decision(
        true,
        capacity,
        p.getRemainingTokens(),
        ceilSeconds(nanosToNextToken(p.getNanosToWaitForReset(), bandwidth)),
        0);
  }

  /**
   * Greedy refill adds a token every {@code perToken} nanoseconds and the bucket is full in {@code
   * toFull}: the next whole token is the remainder of {@code toFull} by {@code perToken} away, or a
   * whole {@code perToken} when the bucket holds whole tokens only.
   */
  static long nanosToNextToken(long toFull, Bandwidth bandwidth) {
    if (toFull <= 0) {
      return 0;
    }
    long perToken = Math.max(1, bandwidth.getRefillPeriodNanos() / bandwidth.getRefillTokens());
    long rest = toFull % perToken;
    return rest < SLACK_NANOS || perToken - rest < SLACK_NANOS ? Math.min(toFull, perToken) : rest;
  }

  /**
   * Whether this decision says less is left than {@code other} (the headers of a response show the
   * most restrictive of the policies it passed).
   */
  public boolean tighterThan(Decision other) {
    if (allowed != other.allowed) {
      return !allowed;
    }
    return remaining != other.remaining
        ? remaining < other.remaining
        : resetSeconds > other.resetSeconds;
  }

  static long ceilSeconds(long nanos) {
    return nanos <= 0 ? 0 : (nanos + 999_999_999L) / 1_000_000_000L;
  }
}
