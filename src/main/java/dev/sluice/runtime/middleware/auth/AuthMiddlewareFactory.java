package dev.sluice.runtime.middleware.auth;

import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.ApiKeyArgs;
import dev.sluice.spec.AuthArgs;
import dev.sluice.spec.JwtArgs;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * {@code auth}: authenticates the caller, in exactly one of two modes per entry, and hands the
 * verified claims to the rest of the chain ({@code Exchange.claims()}, SQL parameters with {@code
 * in: claim}, rate-limit keys {@code claim:<name>}).
 *
 * <pre>
 * stacks:
 *   machines:
 *     - auth:
 *         api-key:
 *           header: X-Api-Key        # default
 *           query: api_key           # optional; the header wins when both are sent
 *           keys:                    # printf %s "$KEY" | sha256sum
 *             - {name: ci, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}
 *   users:
 *     - auth:
 *         jwt:
 *           algorithms: [RS256, ES256]
 *           jwks: {url: https://issuer.example/.well-known/jwks.json, refresh: 5m}
 *           issuer: https://issuer.example
 *           audience: sluice
 *           clock-skew: 30s
 *           required-claims: {scope: users:write}
 *   internal:
 *     - auth:
 *         jwt: {algorithms: [HS256], secret: ${JWT_SECRET}, issuer: https://internal, audience: any}
 * </pre>
 *
 * <p>API key: a missing or unknown key is a 401 with {@code WWW-Authenticate: ApiKey
 * header="X-Api-Key"}; a known one makes the claims {@code {"sub": "ci", "auth": "api-key"}}.
 *
 * <p>JWT: a missing, malformed, unverifiable, expired, not-yet-valid token, or one with another
 * algorithm, issuer or audience, is a 401 with {@code WWW-Authenticate: Bearer
 * error="invalid_token", error_description="..."}; a valid token without a required claim is a 403
 * ({@code error="insufficient_scope"}). The claims become the token's claims.
 *
 * <p>Either way, a response to an authenticated request carries {@code Cache-Control: no-store}
 * unless the route sets its own.
 *
 * <p>JWKS keys ({@link JwksKeys}) are shared by every route that names the same URL or file and
 * refresh interval (one cache, one refresher), and kept across reloads while a runtime uses them.
 */
public final class AuthMiddlewareFactory {
  private static final Header NO_STORE =
      HeaderValues.createCached(HeaderNames.CACHE_CONTROL, "no-store");

  private AuthMiddlewareFactory() {}

  /**
   * Builds the middleware for one {@code auth} entry.
   *
   * @param jwks the runtime's JWKS keys for a key set and refresh interval
   * @throws IllegalArgumentException with a message for the operator when a JWKS file cannot be
   *     read (it was read when the configuration was bound, and has changed since)
   */
  public static Middleware create(
      AuthArgs args, BiFunction<JwtArgs.Jwks, Duration, JwksKeys> jwks) {
    return noStore(mode(args, jwks));
  }

  /**
   * {@code mode}, then {@code Cache-Control: no-store} on the response: a shared cache must not
   * keep what one caller was authorised to see. Set before the rest of the chain runs, so a route
   * that sets its own {@code Cache-Control} (a static route's {@code headers:}) wins; refusals are
   * problems, which are never stored either.
   */
  private static Middleware noStore(Middleware mode) {
    return next ->
        mode.wrap(
            ex -> {
              ex.response().header(NO_STORE);
              next.handle(ex);
            });
  }

  private static Middleware mode(AuthArgs args, BiFunction<JwtArgs.Jwks, Duration, JwksKeys> jwks) {
    return switch (args) {
      case ApiKeyArgs a -> new ApiKeyAuth(a);
      case JwtArgs a -> {
        Optional<JwksKeys> keys = a.jwks().map(j -> jwks.apply(j, a.refresh()));
        yield new JwtAuth(a, keys, Clock.systemUTC());
      }
    };
  }
}
