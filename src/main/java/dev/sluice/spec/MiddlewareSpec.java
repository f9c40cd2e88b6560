package dev.sluice.spec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One middleware as written in a stack or a route: its name, its arguments (an empty object when
 * none were given), where it was written, and the directory of that file, against which relative
 * paths in its arguments resolve (a schema file, a JWKS file).
 */
public record MiddlewareSpec(String name, JsonNode args, Origin origin, java.nio.file.Path dir) {
  /** Names the middleware and where it was written; never the arguments, which may hold secrets. */
  @Override
  public String toString() {
    return "MiddlewareSpec[" + name + " at " + origin.file() + ":" + origin.line() + "]";
  }
}
