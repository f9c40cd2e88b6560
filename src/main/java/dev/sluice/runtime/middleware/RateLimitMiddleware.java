package dev.sluice.runtime.middleware;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.ratelimit.Decision;
import dev.sluice.runtime.ratelimit.RateLimitKey;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.runtime.ratelimit.StoreUnavailableException;
import dev.sluice.spec.RateLimitArgs;
import dev.sluice.spec.RateLimitSpec;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;

/**
 * {@code rate-limit}: takes a token from the bucket of the request's key in a policy of
 * gateway.yaml's {@code rate-limits:}, or refuses the request with 429.
 *
 * <pre>
 * routes:
 *   - id: login
 *     method: POST
 *     path: /login
 *     stack: public
 *     middleware:
 *       - rate-limit: {policy: login}
 * </pre>
 *
 * <p>Every answer carries {@code RateLimit-Limit} (the capacity), {@code RateLimit-Remaining}
 * (whole tokens left) and {@code RateLimit-Reset} (seconds until the next token is back), the three
 * fields of draft-ietf-httpapi-ratelimit-headers-07; when a chain has several rate limits they show
 * the most restrictive. A refusal is a 429 problem with {@code Retry-After}: the same seconds as
 * its {@code RateLimit-Reset} (see {@link Decision}). When the policy's Redis cannot be reached,
 * {@code on-store-failure: allow} lets the request through without those headers and {@code deny}
 * answers 503 with {@code Retry-After: 1}.
 */
final class RateLimitMiddleware implements Middleware {
  static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
  static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
  static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");

  /** Header values below this are made once: most remainders and resets of a real policy. */
  private static final int CACHED = 128;

  private static final Header[] REMAINING_VALUES = cached(REMAINING);
  private static final Header[] RESET_VALUES = cached(RESET);

  private final RateLimiter limiter;
  private final RateLimitKey key;
  private final Header limitHeader; // the policy's capacity: the same on every answer

  private RateLimitMiddleware(RateLimiter limiter, RateLimitKey key) {
    this.limiter = limiter;
    this.key = key;
    this.limitHeader = HeaderValues.createCached(LIMIT, String.valueOf(limiter.spec().capacity()));
  }

  /** With the policy's limiter (shared by every route naming it) and this route's key function. */
  static RateLimitMiddleware create(RateLimitArgs args, MiddlewareContext context) {
    RateLimitSpec spec = args.policy();
    return new RateLimitMiddleware(
        context.resources().rateLimiter(spec),
        RateLimitKey.parse(spec.key(), context.routeId(), spec.ipv6Prefix()));
  }

  RateLimiter limiter() {
    return limiter;
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      Decision d;
      try {
        d = limiter.check(key.of(ex));
      } catch (StoreUnavailableException e) {
        if (!limiter.spec().allowOnStoreFailure()) {
          throw new ProblemException(
                  Status.SERVICE_UNAVAILABLE_503,
                  "the rate limiter cannot reach its store; retry shortly")
              .header("Retry-After", "1");
        }
        next.handle(ex);
        return;
      }
      headers(ex, d);
      if (!d.allowed()) {
        long s = d.retryAfterSeconds();
        throw new ProblemException(
                Status.TOO_MANY_REQUESTS_429,
                "rate limit \""
                    + limiter.spec().name()
                    + "\" exceeded; retry after "
                    + s
                    + (s == 1 ? " second" : " seconds"))
            .header("Retry-After", String.valueOf(s));
      }
      next.handle(ex);
    };
  }

  private void headers(Exchange ex, Decision d) {
    var shown = ex.attribute(Decision.class);
    if (shown.isPresent() && !d.tighterThan(shown.get())) {
      return;
    }
    ex.attribute(Decision.class, d);
    ex.response()
        .header(
            d.limit() == limiter.spec().capacity()
                ? limitHeader
                : HeaderValues.create(LIMIT, String.valueOf(d.limit())));
    ex.response().header(header(REMAINING_VALUES, REMAINING, d.remaining()));
    ex.response().header(header(RESET_VALUES, RESET, d.resetSeconds()));
  }

  private static Header header(Header[] cache, HeaderName name, long value) {
    return value >= 0 && value < CACHED
        ? cache[(int) value]
        : HeaderValues.create(name, String.valueOf(value));
  }

  private static Header[] cached(HeaderName name) {
    Header[] values = new Header[CACHED];
    for (int i = 0; i < CACHED; i++) {
      values[i] = HeaderValues.createCached(name, String.valueOf(i));
    }
    return values;
  }
}
