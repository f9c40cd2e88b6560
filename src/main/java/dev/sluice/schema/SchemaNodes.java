package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.path.NodePath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Finds the schema object that holds a failing keyword, to read its siblings. */
final class SchemaNodes {

  private static final int MAX_REF_DEPTH = 8;

  private final SchemaRegistry registry;
  private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();

  SchemaNodes(SchemaRegistry registry, String iri, JsonNode root) {
    this.registry = registry;
    documents.put(iri, root);
    JsonNode id = root.path("$id");
    if (id.isTextual()) {
      documents.put(AbsoluteIri.of(iri).resolve(id.asText()).toString(), root);
    }
  }

  /** The schema object whose keyword failed, if it can be found. */
  Optional<Owner> owner(com.networknt.schema.Error error) {
    SchemaLocation location = error.getSchemaLocation();
    if (location == null || location.getFragment() == null) {
      return Optional.empty();
    }
    Optional<JsonNode> document = document(location.getAbsoluteIri());
    NodePath fragment = location.getFragment();
    if (document.isEmpty() || fragment.getNameCount() == 0) {
      return Optional.empty();
    }
    List<Object> tokens = new ArrayList<>();
    for (int i = 0; i < fragment.getNameCount() - 1; i++) {
      tokens.add(fragment.getElement(i));
    }
    JsonNode node = document.get().at(JsonPointers.of(tokens));
    return node.isObject() ? Optional.of(new Owner(document.get(), node)) : Optional.empty();
  }

  private Optional<JsonNode> document(AbsoluteIri iri) {
    String key = iri == null ? "" : iri.toString();
    JsonNode doc =
        documents.computeIfAbsent(
            key,
            k -> {
              try {
                return registry.getSchema(SchemaLocation.of(k)).getSchemaNode();
              } catch (RuntimeException e) {
                return MissingNode.getInstance();
              }
            });
    return doc.isMissingNode() ? Optional.empty() : Optional.of(doc);
  }

  /**
   * A schema object and the document it belongs to.
   *
   * @param document the whole schema document, to resolve local {@code $ref}s
   * @param node the schema object
   */
  record Owner(JsonNode document, JsonNode node) {

    /** The operator-facing message the schema author wrote for this object, if any. */
    Optional<String> customMessage() {
      JsonNode message = node.path("x-error");
      return message.isTextual() ? Optional.of(message.asText()) : Optional.empty();
    }

    /** Names under {@code properties}, in schema order. */
    List<String> properties() {
      List<String> names = new ArrayList<>();
      node.path("properties").fieldNames().forEachRemaining(names::add);
      return names;
    }

    /** Regular expressions under {@code patternProperties}. */
    List<String> patterns() {
      List<String> names = new ArrayList<>();
      node.path("patternProperties").fieldNames().forEachRemaining(names::add);
      return names;
    }

    /**
     * Names this object can evaluate, as {@code unevaluatedProperties} sees them: its own {@code
     * properties} and those of subschemas it applies in place ({@code allOf}, {@code anyOf}, {@code
     * oneOf}, {@code then}, {@code else}, {@code dependentSchemas} and local {@code $ref}s).
     */
    List<String> evaluatedProperties() {
      Set<String> names = new LinkedHashSet<>();
      collect(node, names, 0);
      return new ArrayList<>(names);
    }

    private void collect(JsonNode schema, Set<String> names, int depth) {
      if (!schema.isObject() || depth > MAX_REF_DEPTH) {
        return;
      }
      schema.path("properties").fieldNames().forEachRemaining(names::add);
      for (String keyword : List.of("allOf", "anyOf", "oneOf")) {
        for (JsonNode sub : schema.path(keyword)) {
          collect(sub, names, depth + 1);
        }
      }
      for (String keyword : List.of("then", "else")) {
        collect(schema.path(keyword), names, depth + 1);
      }
      for (JsonNode sub : schema.path("dependentSchemas")) {
        collect(sub, names, depth + 1);
      }
      JsonNode ref = schema.path("$ref");
      if (ref.isTextual() && ref.asText().startsWith("#")) {
        String pointer = ref.asText().substring(1);
        if (pointer.isEmpty() || pointer.startsWith("/")) {
          collect(document.at(pointer), names, depth + 1);
        }
      }
    }
  }
}
