package dev.sluice.spec;

import java.util.List;

/** A named middleware stack from gateway.yaml: the middleware in the order they run. */
public record StackSpec(String name, List<MiddlewareSpec> middleware, Origin origin) {
  public StackSpec {
    middleware = List.copyOf(middleware);
  }
}
