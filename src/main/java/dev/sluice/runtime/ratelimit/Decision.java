package dev.sluice.runtime.ratelimit;

import io.github.bucket4j.ConsumptionProbe;

/**
 * The answer of a rate-limit policy for one request, with what the response headers tell the
 * client.
 *
 * <pre>
 * RateLimit-Limit: 100        # limit: the bucket's capacity
 * RateLimit-Remaining: 41     # remaining: whole tokens left after this request
 * RateLimit-Reset: 21         # resetSeconds: until the bucket is full again
 * Retry-After: 1              # retryAfterSeconds, on a refusal: until one token is back
 * </pre>
 *
 * @param allowed whether the request took a token
 * @param limit the bucket's capacity
 * @param remaining whole tokens left
 * @param resetSeconds seconds, rounded up, until the bucket is full again (0 when it is)
 * @param retryAfterSeconds seconds, rounded up and at least 1, until a token is available; 0 when
 *     allowed
 */
public record Decision(
    boolean allowed, long limit, long remaining, long resetSeconds, long retryAfterSeconds) {

  static Decision of(ConsumptionProbe p, long capacity) {
    long reset = ceilSeconds(p.getNanosToWaitForReset());
    if (p.isConsumed()) {
      return new Decision(true, capacity, p.getRemainingTokens(), reset, 0);
    }
    long retry = Math.max(1, ceilSeconds(p.getNanosToWaitForRefill()));
    return new Decision(false, capacity, 0, Math.max(reset, retry), retry);
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
