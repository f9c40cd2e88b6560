package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The findings that point at a key rather than at a value: a key the schema does not know ({@code
 * additionalProperties}, {@code unevaluatedProperties}: with "did you mean" or the keys allowed), a
 * key whose name fails {@code propertyNames}, and a key a {@code false} schema forbids.
 */
final class KeyFindings {
  private KeyFindings() {}

  static Finding unknownKey(Violation v, Optional<SchemaNodes.Owner> owner) {
    String key = v.property().orElse("");
    String pointer = JsonPointers.child(v.pointer(), key);
    String message = "unknown key \"" + key + "\"";
    if (owner.isEmpty()) {
      return Finding.key(pointer, message);
    }
    List<String> allowed =
        v.keyword().equals("unevaluatedProperties")
            ? owner.get().evaluatedProperties()
            : owner.get().properties();
    List<String> patterns = owner.get().patterns();
    Optional<String> suggestion = DidYouMean.suggest(key, allowed);
    if (suggestion.isPresent()) {
      return Finding.key(pointer, message + " (did you mean \"" + suggestion.get() + "\"?)");
    }
    if (allowed.isEmpty() && patterns.isEmpty()) {
      return Finding.key(pointer, message + "; no keys are allowed here");
    }
    List<String> parts = new ArrayList<>();
    if (!allowed.isEmpty()) {
      parts.add(String.join(", ", allowed));
    }
    if (!patterns.isEmpty()) {
      parts.add("keys matching " + Values.alternatives(patterns, "or"));
    }
    return Finding.key(pointer, message + "; allowed: " + String.join(", or ", parts));
  }

  static Finding badKey(Violation v) {
    String key = v.property().orElse("");
    String pointer = JsonPointers.child(v.pointer(), key);
    String message = "invalid key \"" + key + "\"";
    return Finding.key(
        pointer, keyProblem(key, v.schemaValue()).map(p -> message + ": " + p).orElse(message));
  }

  /** Why a key fails a simple {@code propertyNames} schema, in our words. */
  private static Optional<String> keyProblem(String key, JsonNode schema) {
    JsonNode pattern = schema.path("pattern");
    if (pattern.isTextual()) {
      try {
        if (!Pattern.compile(pattern.asText()).matcher(key).find()) {
          return Optional.of("does not match the pattern " + pattern.asText());
        }
      } catch (PatternSyntaxException e) {
        return Optional.empty();
      }
    }
    JsonNode allowed = schema.path("enum");
    if (allowed.isArray() && !Values.strings(allowed).contains(key)) {
      return Optional.of(
          "not one of "
              + Values.list(allowed)
              + ViolationMessages.suggestion(new TextNode(key), Values.strings(allowed)));
    }
    int length = key.codePointCount(0, key.length());
    if (schema.path("maxLength").isInt() && length > schema.path("maxLength").asInt()) {
      return Optional.of(
          "longer than " + Values.count(schema.path("maxLength").asInt(), "character"));
    }
    if (schema.path("minLength").isInt() && length < schema.path("minLength").asInt()) {
      return Optional.of(
          "shorter than " + Values.count(schema.path("minLength").asInt(), "character"));
    }
    JsonNode format = schema.path("format");
    if (format.isTextual()) {
      return Optional.of("not a valid " + ViolationMessages.formatName(format.asText()));
    }
    return Optional.empty();
  }

  static Finding forbidden(Violation v) {
    List<Object> path = v.instancePath();
    if (path.isEmpty()) {
      return Finding.value("", "no value is allowed here");
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof String key) {
      return Finding.key(v.pointer(), "key \"" + key + "\" is not allowed here");
    }
    return Finding.value(v.pointer(), "no item is allowed here");
  }
}
