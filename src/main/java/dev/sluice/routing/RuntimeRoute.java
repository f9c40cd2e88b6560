package dev.sluice.routing;

import dev.sluice.config.RouteSpec;
import dev.sluice.http.Handler;
import java.util.List;

/**
 * A route ready to serve: its spec, the names of the middleware it runs (stack, then its own), its
 * handler, and the chain composed from them once, when the table was built.
 */
public record RuntimeRoute(
    RouteSpec spec, List<String> middleware, Handler handler, Handler chain) {
  public RuntimeRoute {
    middleware = List.copyOf(middleware);
  }
}
