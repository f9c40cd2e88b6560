package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.http.RequestIds;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;

/**
 * {@code request-id}: echoes the request's id in {@code X-Request-Id}. The gateway settles the id
 * for every request before routing (a well-formed incoming id is kept, otherwise one is generated),
 * so logs and problem bodies carry it whether or not a stack has this middleware.
 */
final class RequestIdMiddleware implements Middleware {
  static final HeaderName HEADER = HeaderNames.create(RequestIds.HEADER);

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      ex.response().header(HEADER, ex.requestId());
      next.handle(ex);
    };
  }
}
