package dev.sluice.runtime.http;

/**
 * A named step in a stack: it wraps the rest of the chain once, when the route is built, and runs
 * on every request of that route.
 */
@FunctionalInterface
public interface Middleware {
  /** The handler that runs this middleware and then, if it chooses, {@code next}. */
  Handler wrap(Handler next);
}
