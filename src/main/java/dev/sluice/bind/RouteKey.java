package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.router.InvalidPathTemplateException;
import dev.sluice.router.PathTemplate;
import dev.sluice.spec.Origin;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the checks across routes need of one route — its id, methods and path — read from the route
 * file even when the rest of the route has errors, so that a duplicate id or a clashing path is
 * reported in the same run as the route's own mistakes. A part with an error of its own (or absent)
 * is empty and takes no part in the checks.
 */
record RouteKey(
    Optional<String> id,
    Optional<List<String>> methods,
    Optional<PathTemplate> path,
    Origin origin,
    Origin idOrigin,
    Origin pathOrigin) {

  /**
   * The route at {@code at} in {@code doc}; {@code hasError} says whether a JSON pointer already
   * has an error (from loading or the schema).
   */
  static RouteKey read(YamlDocument doc, String at, Predicate<String> hasError) {
    JsonNode r = doc.root().at(at);
    return new RouteKey(
        text(r, "id").filter(s -> !s.isEmpty() && !hasError.test(at + "/id")),
        methods(r.path("method")).filter(m -> !hasError.test(at + "/method")),
        text(r, "path").filter(s -> !hasError.test(at + "/path")).flatMap(RouteKey::parse),
        doc.origin(at),
        doc.origin(at + "/id"),
        doc.origin(at + "/path"));
  }

  /** The methods written: one, or a list; empty when neither. */
  static Optional<List<String>> methods(JsonNode method) {
    if (method.isTextual()) {
      return Optional.of(List.of(method.asText()));
    }
    if (!method.isArray() || method.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new java.util.ArrayList<>();
    for (JsonNode m : method) {
      if (!m.isTextual()) {
        return Optional.empty();
      }
      out.add(m.asText());
    }
    return Optional.of(List.copyOf(out));
  }

  private static Optional<String> text(JsonNode route, String field) {
    JsonNode v = route.path(field);
    return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  private static Optional<PathTemplate> parse(String path) {
    try {
      return Optional.of(PathTemplate.parse(path));
    } catch (InvalidPathTemplateException e) {
      return Optional.empty(); // the route binder reports it
    }
  }
}
