package dev.sluice.spec;

import dev.sluice.router.PathTemplate;
import java.util.List;
import java.util.Map;

/**
 * One route as a route file describes it, validated: method, path template, the stack it names, the
 * middleware it appends, its parameters and its handler.
 */
public record RouteSpec(
    String id,
    String method,
    PathTemplate path,
    String stack,
    List<MiddlewareSpec> middleware,
    Map<String, ParamSpec> params,
    HandlerSpec handler,
    Origin origin,
    Origin idOrigin,
    Origin pathOrigin) {
  public RouteSpec {
    middleware = List.copyOf(middleware);
    params = Map.copyOf(params);
  }
}
