package dev.sluice.spec;

/**
 * One middleware as written in a stack or a route: its arguments, parsed and checked (an empty
 * record for a middleware that takes none), and where it was written.
 */
public record MiddlewareSpec(MiddlewareArgs args, Origin origin) {
  /** The middleware's name, as written. */
  public String name() {
    return args.name();
  }

  /** Names the middleware and where it was written; never the arguments, which may hold secrets. */
  @Override
  public String toString() {
    return "MiddlewareSpec[" + name() + " at " + origin.file() + ":" + origin.line() + "]";
  }
}
