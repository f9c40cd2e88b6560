package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One error reported by the JSON Schema validator, with its paths parsed.
 *
 * @param error the validator's error
 * @param instancePath tokens of the failing value's location (Integer for array indexes)
 * @param evaluationPath the keywords and arguments walked from the root schema to the failing
 *     keyword, following {@code $ref}s
 */
record Violation(
    com.networknt.schema.Error error, List<Object> instancePath, List<String> evaluationPath) {

  /** Keywords whose next path segment is an argument (a property name or an index). */
  private static final Set<String> WITH_ARGUMENT =
      Set.of(
          "properties",
          "patternProperties",
          "prefixItems",
          "allOf",
          "anyOf",
          "oneOf",
          "dependentSchemas",
          "$defs",
          "definitions");

  /** Keywords whose subschema applies to a child of the current value. */
  private static final Set<String> DESCENDING =
      Set.of(
          "properties",
          "patternProperties",
          "prefixItems",
          "additionalProperties",
          "unevaluatedProperties",
          "items",
          "unevaluatedItems",
          "additionalItems",
          "contains");

  static Violation of(com.networknt.schema.Error error) {
    return new Violation(error, elements(error.getInstanceLocation()), names(error));
  }

  private static List<Object> elements(NodePath path) {
    List<Object> out = new ArrayList<>();
    if (path != null) {
      for (int i = 0; i < path.getNameCount(); i++) {
        out.add(path.getElement(i));
      }
    }
    return out;
  }

  private static List<String> names(com.networknt.schema.Error error) {
    List<String> out = new ArrayList<>();
    for (Object element : elements(error.getEvaluationPath())) {
      out.add(String.valueOf(element));
    }
    return out;
  }

  String keyword() {
    return error.getKeyword() == null ? "" : error.getKeyword();
  }

  String pointer() {
    return JsonPointers.of(instancePath);
  }

  int depth() {
    return instancePath.size();
  }

  JsonNode instance() {
    return error.getInstanceNode() == null ? MissingNode.getInstance() : error.getInstanceNode();
  }

  JsonNode schemaValue() {
    return error.getSchemaNode() == null ? MissingNode.getInstance() : error.getSchemaNode();
  }

  Optional<String> property() {
    if (error.getProperty() != null) {
      return Optional.of(error.getProperty());
    }
    Object[] args = error.getArguments();
    return args != null && args.length > 0 && args[0] != null
        ? Optional.of(String.valueOf(args[0]))
        : Optional.empty();
  }

  /**
   * A {@code oneOf}/{@code anyOf} on the evaluation path at or after segment {@code from}.
   *
   * @param key identifies the combinator's application: its evaluation path and instance pointer
   * @param keyword {@code oneOf} or {@code anyOf}
   * @param branch the branch index, or -1 when this is the combinator's own error
   * @param next the first evaluation segment inside the branch
   * @param instance pointer of the value the combinator applies to
   */
  record Combinator(String key, String keyword, int branch, int next, String instance) {}

  /** The first combinator this error lies in (or belongs to) at or after segment {@code from}. */
  Optional<Combinator> combinator(int from) {
    List<String> path = evaluationPath;
    int last = path.size() - 1;
    int i = 0;
    int found = -1;
    while (i < last) {
      String keyword = path.get(i);
      if (i >= from && (keyword.equals("oneOf") || keyword.equals("anyOf"))) {
        found = i;
        break;
      }
      i += takesArgument(keyword, i) ? 2 : 1;
    }
    if (found < 0) {
      if (last >= from && last >= 0) {
        String keyword = path.get(last);
        if (keyword.equals("oneOf") || keyword.equals("anyOf")) {
          String key = String.join("/", path) + "#" + pointer();
          return Optional.of(new Combinator(key, keyword, -1, path.size(), pointer()));
        }
      }
      return Optional.empty();
    }
    int descents = 0;
    int j = found + 2;
    while (j < last) {
      String keyword = path.get(j);
      if (DESCENDING.contains(keyword)) {
        descents++;
      }
      j += takesArgument(keyword, j) ? 2 : 1;
    }
    int keep = Math.max(0, instancePath.size() - descents);
    String instance = JsonPointers.of(instancePath.subList(0, keep));
    String key = String.join("/", path.subList(0, found + 1)) + "#" + instance;
    int branch;
    try {
      branch = Integer.parseInt(path.get(found + 1));
    } catch (NumberFormatException e) {
      branch = 0;
    }
    return Optional.of(new Combinator(key, path.get(found), branch, found + 2, instance));
  }

  private boolean takesArgument(String keyword, int at) {
    if (WITH_ARGUMENT.contains(keyword)) {
      return true;
    }
    // Draft 2019-09 tuple form "items": [..] puts an index after "items".
    return keyword.equals("items")
        && at + 1 < evaluationPath.size() - 1
        && evaluationPath.get(at + 1).chars().allMatch(Character::isDigit);
  }
}
