package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.middleware.auth.JwksSources;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.schema.SchemaValidator;
import dev.sluice.spec.RateLimitSpec;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What the middleware of one runtime share, created on first use and owned (and closed) by the
 * runtime: one limiter per rate-limit policy, so a key's bucket is the same whichever route calls
 * it; the JWKS sources; the timer that fires deadlines; compiled request-body schemas.
 */
public interface MiddlewareResources {
  /** The limiter of {@code policy}, with its store (Redis policies share one client). */
  RateLimiter rateLimiter(RateLimitSpec policy);

  /** The JWKS sources, one per key set and refresh interval. */
  JwksSources jwks();

  /** The timer of the {@code timeout} middleware's deadlines. */
  DeadlineTimer deadlines();

  /**
   * The compiled request-body schema of {@code file}, loaded by {@code load} the first time: routes
   * naming one file share one compiled schema.
   */
  SchemaValidator bodySchema(Path file, Function<Path, SchemaValidator> load);
}
