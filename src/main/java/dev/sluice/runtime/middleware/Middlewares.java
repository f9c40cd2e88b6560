package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.middleware.auth.AuthMiddlewareFactory;
import dev.sluice.spec.AccessLogArgs;
import dev.sluice.spec.AuthArgs;
import dev.sluice.spec.BodySizeArgs;
import dev.sluice.spec.ContentTypeArgs;
import dev.sluice.spec.CorsArgs;
import dev.sluice.spec.IpFilterArgs;
import dev.sluice.spec.JsonSchemaArgs;
import dev.sluice.spec.MiddlewareArgs;
import dev.sluice.spec.RateLimitArgs;
import dev.sluice.spec.RequestIdArgs;
import dev.sluice.spec.SecurityHeadersArgs;
import dev.sluice.spec.TimeoutArgs;

/**
 * Builds a middleware from its arguments, once per route: each kind of arguments goes to its
 * middleware's factory. The arguments were parsed and checked when the configuration was bound, so
 * a factory refuses nothing; only opening a shared resource can still fail (a JWKS file removed
 * since), with an {@link IllegalArgumentException} for the operator.
 */
public final class Middlewares {
  private Middlewares() {}

  public static Middleware create(MiddlewareArgs args, MiddlewareContext context) {
    return switch (args) {
      case RequestIdArgs a -> new RequestIdMiddleware();
      case AccessLogArgs a -> new AccessLogMiddleware();
      case IpFilterArgs a -> IpFilterMiddleware.create(a);
      case CorsArgs a -> CorsMiddleware.create(a);
      case SecurityHeadersArgs a -> SecurityHeadersMiddleware.create(a);
      case AuthArgs a -> AuthMiddlewareFactory.create(a, context.resources()::jwks);
      case BodySizeArgs a -> BodySizeMiddleware.create(a);
      case ContentTypeArgs a -> ContentTypeMiddleware.create(a);
      case JsonSchemaArgs a -> JsonSchemaMiddleware.create(a);
      case RateLimitArgs a -> RateLimitMiddleware.create(a, context);
      case TimeoutArgs a -> TimeoutMiddleware.create(a, context);
    };
  }
}
