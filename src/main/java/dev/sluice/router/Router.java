package dev.sluice.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable HTTP route table: a trie over path segments, built once with {@link #builder()} and
 * safe to share between threads.
 *
 * <p>Matching rules of {@link #match(String, String)}:
 *
 * <ul>
 *   <li>At each segment a literal child is tried first, then the {@code {param}} child, then a
 *       catch-all. If a branch holds no route for the rest of the path and the method, the next
 *       branch is tried (backtracking), so with {@code GET /users/me} and {@code DELETE
 *       /users/{id}}, {@code DELETE /users/me} finds the {@code DELETE} route. Children are found
 *       by hashing, so the work does not grow with the number of routes or siblings: each trie node
 *       visited matches a prefix of the path, and only where a level has both a literal and a
 *       parameter child can both be visited (so tables built to overlap at every level pay up to
 *       2<sup>depth</sup> node visits on a miss).
 *   <li>{@code HEAD} is served by the {@code GET} route of the same node unless the node has an
 *       explicit {@code HEAD} route.
 *   <li>If no route matches the path for any method, the result is {@link RouteMatch.NotFound}; if
 *       routes match the path but none for the method, it is {@link RouteMatch.MethodNotAllowed}
 *       with the union of their methods.
 *   <li>The path is split at {@code /} before decoding, so {@code %2F} stays inside its segment.
 *       Literal segments compare against the decoded segment ({@code /us%65rs} matches {@code
 *       /users}); parameter values are decoded as UTF-8. Parameters and catch-alls match only
 *       non-empty segments and templates have none, so a request path with an empty segment ({@code
 *       /users/}, {@code /a//b}) matches no route: a trailing slash is not ignored.
 *   <li>Methods are case-sensitive; the caller passes upper-case tokens.
 * </ul>
 *
 * @param <T> the route value type, for example a route definition or handler
 */
public final class Router<T> {
  /**
   * The method of a route that serves every method a route of its own at the same place does not
   * ({@code method: ANY}).
   */
  public static final String ANY_METHOD = "*";

  private final Node<T> root;
  private final List<Entry<T>> entries;

  private Router(Node<T> root, List<Entry<T>> entries) {
    this.root = root;
    this.entries = entries;
  }

  /** A new, empty builder. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  /** The routes in the order they were added, for listing the route table. */
  public List<Entry<T>> entries() {
    return entries;
  }

  /**
   * Finds the route for a request.
   *
   * @param method the request method, an upper-case token such as {@code GET}
   * @param rawPath the raw (still percent-encoded) request path without the query string; an empty
   *     path is treated as {@code /}
   * @throws MalformedPathException if the path does not start with {@code /} or holds a malformed
   *     percent-escape, anywhere, whether or not a route would match it
   */
  public RouteMatch<T> match(String method, String rawPath) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    return new Lookup<T>(method, rawPath).run(root);
  }

  /**
   * One route of the table.
   *
   * @param method the method, for example {@code GET}
   * @param template the path template
   * @param value the value returned when the route matches
   */
  public record Entry<T>(String method, PathTemplate template, T value) {
    /** Checks that no component is null. */
    public Entry {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(template, "template");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Collects routes and builds an immutable {@link Router}. Not thread-safe; may keep adding routes
   * after {@link #build()}, which does not affect routers already built.
   */
  public static final class Builder<T> {
    private final List<Entry<T>> entries = new ArrayList<>();
    private final Map<String, Entry<T>> byShape = new HashMap<>();

    private Builder() {}

    /**
     * Adds a route.
     *
     * @param method an HTTP method token without lower-case letters, for example {@code GET}, or
     *     {@link #ANY_METHOD}
     * @throws IllegalArgumentException if the method is not such a token, or a route with the same
     *     method and {@linkplain PathTemplate#shape() path shape} was already added
     */
    public Builder<T> add(String method, PathTemplate template, T value) {
      Entry<T> entry = new Entry<>(method, template, value);
      checkMethod(method);
      Entry<T> previous = byShape.putIfAbsent(method + " " + template.shape(), entry);
      if (previous != null) {
        throw new IllegalArgumentException(
            "duplicate route "
                + method
                + " "
                + template
                + ": same method and path shape as "
                + previous.method()
                + " "
                + previous.template());
      }
      entries.add(entry);
      return this;
    }

    private static void checkMethod(String method) {
      if (method.equals(ANY_METHOD)) {
        return;
      }
      if (method.isEmpty()) {
        throw new IllegalArgumentException("empty HTTP method");
      }
      for (int i = 0; i < method.length(); i++) {
        char c = method.charAt(i);
        boolean ok =
            (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
        if (!ok) {
          throw new IllegalArgumentException(
              "invalid HTTP method \"" + method + "\" (an upper-case token such as GET)");
        }
      }
    }

    /** Builds the router from the routes added so far. */
    public Router<T> build() {
      BuildNode<T> root = new BuildNode<>();
      for (Entry<T> entry : entries) {
        root.insert(entry);
      }
      return new Router<>(root.compile(), List.copyOf(entries));
    }
  }

  /** A mutable trie node used while building. */
  private static final class BuildNode<T> {
    final Map<String, BuildNode<T>> literals = new LinkedHashMap<>();
    BuildNode<T> param;
    final Map<String, Endpoint<T>> catchAll = new LinkedHashMap<>();
    final Map<String, Endpoint<T>> routes = new LinkedHashMap<>();

    void insert(Entry<T> entry) {
      BuildNode<T> node = this;
      Endpoint<T> endpoint = new Endpoint<>(entry.value(), entry.template());
      for (Segment segment : entry.template().segments()) {
        switch (segment) {
          case Segment.Literal l ->
              node = node.literals.computeIfAbsent(l.text(), k -> new BuildNode<>());
          case Segment.Param p -> {
            if (node.param == null) {
              node.param = new BuildNode<>();
            }
            node = node.param;
          }
          case Segment.CatchAll c -> {
            node.catchAll.put(entry.method(), endpoint);
            return;
          }
        }
      }
      node.routes.put(entry.method(), endpoint);
    }

    Node<T> compile() {
      Map<String, Node<T>> children = new HashMap<>();
      literals.forEach((text, child) -> children.put(text, child.compile()));
      return new Node<>(
          LiteralTable.of(children),
          param == null ? null : param.compile(),
          catchAll.isEmpty() ? null : new MethodTable<>(catchAll),
          routes.isEmpty() ? null : new MethodTable<>(routes));
    }
  }
}
