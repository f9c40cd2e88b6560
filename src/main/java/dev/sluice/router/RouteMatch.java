package dev.sluice.router;

import java.util.Objects;
import java.util.Set;

/**
 * The outcome of {@link Router#match(String, String)}: a route was {@link Found}, the path matched
 * but not for this method ({@link MethodNotAllowed}, 405), or nothing matched the path ({@link
 * NotFound}, 404).
 *
 * @param <T> the route value type
 */
public sealed interface RouteMatch<T>
    permits RouteMatch.Found, RouteMatch.MethodNotAllowed, RouteMatch.NotFound {

  /** The shared {@link NotFound} instance. */
  @SuppressWarnings("unchecked")
  static <T> NotFound<T> notFound() {
    return (NotFound<T>) NotFound.INSTANCE;
  }

  /**
   * A route matched the method and path.
   *
   * @param value the value the route was added with
   * @param params the decoded path parameters
   */
  record Found<T>(T value, PathParams params) implements RouteMatch<T> {
    /** Checks that neither component is null. */
    public Found {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(params, "params");
    }
  }

  /**
   * Routes match the path, but none for the request method.
   *
   * @param allowed the methods that do match the path, immutable and iterating in sorted order; it
   *     holds {@code HEAD} wherever {@code GET} is allowed, and {@code OPTIONS} only where a route
   *     declares it
   */
  record MethodNotAllowed<T>(Set<String> allowed) implements RouteMatch<T> {
    /** Copies {@code allowed} into an immutable sorted set. */
    public MethodNotAllowed {
      allowed = MethodSet.copyOf(Objects.requireNonNull(allowed, "allowed"));
    }

    /** The allowed methods joined by {@code ", "}, ready for an {@code Allow} header. */
    public String allowHeader() {
      return ((MethodSet) allowed).joined();
    }
  }

  /** No route matches the path, for any method. Use {@link RouteMatch#notFound()}. */
  record NotFound<T>() implements RouteMatch<T> {
    private static final NotFound<?> INSTANCE = new NotFound<>();
  }
}
