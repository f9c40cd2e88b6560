package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.middleware.auth.JwksKeys;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.spec.JwtArgs;
import dev.sluice.spec.RateLimitSpec;
import java.time.Duration;

/**
 * What the middleware of one runtime share, created on first use and owned (and closed) by the
 * runtime: one limiter per rate-limit policy, so a key's bucket is the same whichever route calls
 * it; the JWKS keys; the timer that fires deadlines. (Request-body schemas are compiled when the
 * configuration is bound and travel in the {@code json-schema} arguments.)
 */
public interface MiddlewareResources {
  /** The limiter of {@code policy}, with its store (Redis policies share one client). */
  RateLimiter rateLimiter(RateLimitSpec policy);

  /** The keys of a JWKS, one per key set and refresh interval (kept across reloads). */
  JwksKeys jwks(JwtArgs.Jwks where, Duration refresh);

  /** The timer of the {@code timeout} middleware's deadlines. */
  DeadlineTimer deadlines();
}
