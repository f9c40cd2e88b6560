package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.middleware.BindingContext;
import dev.sluice.bind.middleware.MiddlewareRegistry;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.StackSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Binds middleware lists ({@code - name} or {@code - name: {args}}) to specs, each entry's
 * arguments parsed and checked by its parser ({@link MiddlewareRegistry}). An entry with an error
 * of its own (the schema's, or an unset variable) is left out, so that the others are still checked
 * in the same run.
 */
final class MiddlewareBinder {
  private MiddlewareBinder() {}

  /**
   * The middleware of a list, bound.
   *
   * @param complete whether every entry was bound (else the list has errors, all reported)
   */
  record Bound(List<MiddlewareSpec> middleware, boolean complete) {
    Bound {
      middleware = List.copyOf(middleware);
    }
  }

  /**
   * Binds the list at {@code pointer}, skipping entries that {@code hasError} marks (at the entry
   * or anywhere inside it).
   */
  static Bound bind(
      YamlDocument doc,
      String pointer,
      BindingContext context,
      Predicate<String> hasError,
      List<ConfigError> errors) {
    JsonNode list = doc.root().at(pointer);
    List<MiddlewareSpec> out = new ArrayList<>();
    for (int i = 0; list.isArray() && i < list.size(); i++) {
      String item = pointer + "/" + i;
      if (!errorWithin(list.get(i), item, hasError)) {
        MiddlewareRegistry.bind(doc, item, context, errors).ifPresent(out::add);
      }
    }
    return new Bound(out, list.isArray() && out.size() == list.size());
  }

  /**
   * The named stacks of gateway.yaml, each with the middleware that bound (every error reported);
   * also when gateway.yaml has errors elsewhere, so that one run reports all of them.
   */
  static Map<String, StackSpec> stacks(
      YamlDocument doc,
      BindingContext context,
      Predicate<String> hasError,
      List<ConfigError> errors) {
    Map<String, StackSpec> stacks = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.root().path("stacks").properties()) {
      String pointer = "/stacks/" + escape(e.getKey());
      List<MiddlewareSpec> middleware = bind(doc, pointer, context, hasError, errors).middleware();
      stacks.put(e.getKey(), new StackSpec(e.getKey(), middleware, doc.origin(pointer)));
    }
    return stacks;
  }

  /** Whether {@code hasError} marks {@code pointer} or any value inside {@code node}. */
  static boolean errorWithin(JsonNode node, String pointer, Predicate<String> hasError) {
    if (hasError.test(pointer)) {
      return true;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (errorWithin(node.get(i), pointer + "/" + i, hasError)) {
          return true;
        }
      }
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (errorWithin(e.getValue(), pointer + "/" + escape(e.getKey()), hasError)) {
        return true;
      }
    }
    return false;
  }

  /** RFC 6901 escaping of one pointer token. */
  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
