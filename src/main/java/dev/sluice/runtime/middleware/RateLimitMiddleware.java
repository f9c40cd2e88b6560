package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.ratelimit.Decision;
import dev.sluice.runtime.ratelimit.RateLimitKey;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.runtime.ratelimit.RedisBackend;
import dev.sluice.runtime.ratelimit.StoreUnavailableException;
import dev.sluice.schema.DidYouMean;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.RedisSpec;
import dev.sluice.spec.RouteSpec;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import java.util.Map;
import java.util.TreeSet;

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
 * (whole tokens left) and {@code RateLimit-Reset} (seconds until the bucket is full again), the
 * three fields of draft-ietf-httpapi-ratelimit-headers-07; when a chain has several rate limits
 * they show the most restrictive. A refusal is a 429 problem with {@code Retry-After}: the seconds,
 * rounded up, until a token is back. When the policy's Redis cannot be reached, {@code
 * on-store-failure: allow} lets the request through without those headers and {@code deny} answers
 * 503 with {@code Retry-After: 1}.
 */
final class RateLimitMiddleware implements Middleware {
  static final HeaderName LIMIT = HeaderNames.create("RateLimit-Limit");
  static final HeaderName REMAINING = HeaderNames.create("RateLimit-Remaining");
  static final HeaderName RESET = HeaderNames.create("RateLimit-Reset");
  static final String UNMATCHED = "*unmatched";

  private final RateLimiter limiter;
  private final RateLimitKey key;

  private RateLimitMiddleware(RateLimiter limiter, RateLimitKey key) {
    this.limiter = limiter;
    this.key = key;
  }

  static RateLimitMiddleware create(JsonNode args, MiddlewareContext context) {
    JsonNode policy = args == null ? null : args.get("policy");
    if (policy == null || !policy.isTextual()) {
      throw new IllegalArgumentException(
          "rate-limit needs a policy from rate-limits: - rate-limit: {policy: per-client}");
    }
    Map<String, RateLimitSpec> policies = context.snapshot().gateway().rateLimits();
    RateLimitSpec spec = policies.get(policy.asText());
    if (spec == null) {
      throw new IllegalArgumentException(unknown(policy.asText(), policies.keySet()));
    }
    String routeId = context.route().map(RouteSpec::id).orElse(UNMATCHED);
    return new RateLimitMiddleware(
        limiter(spec, context), RateLimitKey.parse(spec.key(), routeId, spec.ipv6Prefix()));
  }

  /**
   * The runtime's limiter for {@code spec}, created with its store on first use: every route naming
   * the policy shares it, so a key's bucket is the same whichever of them it calls. Redis policies
   * share the runtime's one Redis client.
   */
  private static RateLimiter limiter(RateLimitSpec spec, MiddlewareContext context) {
    return context.shared(
        "rate-limit:" + spec.name(),
        c ->
            RateLimiter.create(
                spec,
                () -> c.shared("redis", r -> RedisBackend.create(redisOf(r))),
                c.snapshot().gateway().telemetry().tracing().enabled()));
  }

  private static RedisSpec redisOf(MiddlewareContext context) {
    return context
        .snapshot()
        .gateway()
        .redis()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "store: redis needs a redis: section (url) in gateway.yaml"));
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

  private static void headers(Exchange ex, Decision d) {
    var shown = ex.attribute(Decision.class);
    if (shown.isPresent() && !d.tighterThan(shown.get())) {
      return;
    }
    ex.attribute(Decision.class, d);
    ex.response().header(LIMIT, String.valueOf(d.limit()));
    ex.response().header(REMAINING, String.valueOf(d.remaining()));
    ex.response().header(RESET, String.valueOf(d.resetSeconds()));
  }

  private static String unknown(String name, java.util.Set<String> known) {
    String base = "unknown rate-limit policy \"" + name + "\"";
    return DidYouMean.suggest(name, known)
        .map(s -> base + " (did you mean \"" + s + "\"?)")
        .orElseGet(
            () ->
                known.isEmpty()
                    ? base + " (gateway.yaml has no rate-limits:)"
                    : base + "; known: " + String.join(", ", new TreeSet<>(known)));
  }
}
