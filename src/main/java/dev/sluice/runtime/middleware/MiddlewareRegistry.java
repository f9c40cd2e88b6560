package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.middleware.auth.AuthMiddlewareFactory;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Middleware names and their factories. Looked up when a route is built, never per request. The
 * names here and in {@code schemas/gateway.schema.json} are the same list (a test keeps them so).
 */
public final class MiddlewareRegistry {
  private final Map<String, MiddlewareFactory> factories;

  private MiddlewareRegistry(Map<String, MiddlewareFactory> factories) {
    this.factories = Map.copyOf(factories);
  }

  /** The middleware Sluice ships. */
  public static MiddlewareRegistry standard() {
    Map<String, MiddlewareFactory> m = new TreeMap<>();
    m.put("request-id", (args, ctx) -> new RequestIdMiddleware());
    m.put("access-log", (args, ctx) -> new AccessLogMiddleware());
    m.put("ip-filter", (args, ctx) -> IpFilterMiddleware.create(args));
    m.put("cors", (args, ctx) -> CorsMiddleware.create(args));
    m.put("security-headers", (args, ctx) -> SecurityHeadersMiddleware.create(args));
    AuthMiddlewareFactory auth = new AuthMiddlewareFactory();
    m.put("auth", (args, ctx) -> auth.create(args, ctx.configDir(), ctx.resources().jwks()));
    m.put("body-size", BodySizeMiddleware::create);
    m.put("content-type", ContentTypeMiddleware::create);
    m.put("json-schema", JsonSchemaMiddleware::create);
    m.put("rate-limit", RateLimitMiddleware::create);
    m.put("timeout", TimeoutMiddleware::create);
    return new MiddlewareRegistry(m);
  }

  public Optional<MiddlewareFactory> factory(String name) {
    return Optional.ofNullable(factories.get(name));
  }

  public Set<String> names() {
    return new java.util.TreeSet<>(factories.keySet());
  }

  /** Builds a middleware, or explains why it cannot be built. */
  public Middleware create(
      String name, com.fasterxml.jackson.databind.JsonNode args, MiddlewareContext context) {
    MiddlewareFactory f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException("unknown middleware \"" + name + "\"");
    }
    return f.create(args, context);
  }
}
