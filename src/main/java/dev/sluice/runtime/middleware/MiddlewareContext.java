package dev.sluice.runtime.middleware;

/**
 * What a middleware factory may use from the runtime besides its arguments.
 *
 * @param routeId the id of the route whose chain is being built ({@link #UNMATCHED} for the
 *     unmatched stack): the bucket of a rate limit keyed by route
 * @param resources what the runtime's middleware share
 */
public record MiddlewareContext(String routeId, MiddlewareResources resources) {
  /** The route id of the unmatched stack's chain. */
  public static final String UNMATCHED = "*unmatched";

  /** A context for the unmatched stack. */
  public static MiddlewareContext unmatched(MiddlewareResources resources) {
    return new MiddlewareContext(UNMATCHED, resources);
  }

  /** The same, while building the chain of the route {@code id}. */
  public MiddlewareContext forRoute(String id) {
    return new MiddlewareContext(id, resources);
  }
}
