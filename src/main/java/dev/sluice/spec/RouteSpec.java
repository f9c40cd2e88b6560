package dev.sluice.spec;

import dev.sluice.router.PathTemplate;
import java.util.List;
import java.util.Map;

/**
 * One route as a route file describes it, validated: method, path template, the stack it names, the
 * middleware it appends, its parameters and its handler.
 *
 * @param method the method as written, for listings: {@code GET}, {@code GET, POST} or {@code ANY}
 * @param methods the methods it serves, upper case; {@link #ANY} alone for every method (proxy
 *     routes only)
 */
public record RouteSpec(
    String id,
    String method,
    List<String> methods,
    PathTemplate path,
    String stack,
    List<MiddlewareSpec> middleware,
    Map<String, ParamSpec> params,
    HandlerSpec handler,
    Origin origin,
    Origin idOrigin,
    Origin pathOrigin) {
  /** The method of a route that serves every method. */
  public static final String ANY = "ANY";

  public RouteSpec {
    methods = List.copyOf(methods);
    middleware = List.copyOf(middleware);
    params = Map.copyOf(params);
  }
}
