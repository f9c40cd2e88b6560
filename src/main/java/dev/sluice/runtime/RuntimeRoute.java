package dev.sluice.runtime;

import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.RouteSpec;
import java.util.List;

/**
 * A route ready to serve: its spec, the names of the middleware it runs (stack, then its own), its
 * handler, and the chain composed from them once, when the runtime was built.
 *
 * @param answersPreflight whether its chain runs {@code cors}, which answers CORS preflights for
 *     the route's path (decided when the route is built)
 */
public record RuntimeRoute(
    RouteSpec spec,
    List<String> middleware,
    Handler handler,
    Handler chain,
    boolean answersPreflight) {
  public RuntimeRoute {
    middleware = List.copyOf(middleware);
  }
}
