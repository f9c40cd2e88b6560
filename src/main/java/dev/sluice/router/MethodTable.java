package dev.sluice.router;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The routes that end at one trie position, by method. {@code HEAD} falls back to {@code GET} when
 * no explicit {@code HEAD} route exists; a method without a route of its own falls back to the
 * {@link Router#ANY_METHOD} route, if there is one.
 */
final class MethodTable<T> {
  private final String[] methods;
  private final Endpoint<T>[] endpoints;
  private final Endpoint<T> get;
  private final Endpoint<T> head;
  private final Endpoint<T> any;
  final MethodSet allowed;

  @SuppressWarnings("unchecked")
  MethodTable(Map<String, Endpoint<T>> byMethod) {
    int n = byMethod.size();
    methods = new String[n];
    endpoints = (Endpoint<T>[]) new Endpoint<?>[n];
    int i = 0;
    for (Map.Entry<String, Endpoint<T>> e : byMethod.entrySet()) {
      methods[i] = e.getKey();
      endpoints[i] = e.getValue();
      i++;
    }
    any = byMethod.get(Router.ANY_METHOD);
    Endpoint<T> explicitGet = byMethod.get("GET");
    get = explicitGet != null ? explicitGet : any;
    head = byMethod.containsKey("HEAD") ? byMethod.get("HEAD") : get;
    Set<String> names = new HashSet<>(byMethod.keySet());
    names.remove(Router.ANY_METHOD);
    if (get != null) {
      names.add("HEAD");
    }
    allowed = MethodSet.copyOf(names);
  }

  /** The route for {@code method}, or null. */
  Endpoint<T> find(String method) {
    return switch (method) {
      case "GET" -> get;
      case "HEAD" -> head;
      default -> {
        for (int i = 0; i < methods.length; i++) {
          if (methods[i].equals(method)) {
            yield endpoints[i];
          }
        }
        yield any;
      }
    };
  }
}
