package dev.sluice.runtime;

import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.RouteSpec;
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
