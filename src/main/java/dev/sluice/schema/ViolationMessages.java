package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words each JSON Schema error the way an operator should read it.
 *
 * <p>A schema object may carry an {@code "x-error"} string: it then replaces the message of every
 * failing keyword of that object that is about the value itself ({@code pattern}, {@code format},
 * {@code enum}, {@code minimum}, ...), but not {@code type} or the object-structure keywords
 * ({@code required}, {@code additionalProperties}, ...), whose own messages are more precise.
 */
final class ViolationMessages {

  private static final Set<String> STRUCTURAL =
      Set.of(
          "type",
          "required",
          "dependentRequired",
          "additionalProperties",
          "unevaluatedProperties",
          "propertyNames",
          "items",
          "unevaluatedItems",
          "additionalItems",
          "oneOf",
          "anyOf",
          "false");

  private static final Map<String, String> FORMATS =
      Map.ofEntries(
          Map.entry("email", "email address"),
          Map.entry("idn-email", "email address"),
          Map.entry("hostname", "hostname"),
          Map.entry("idn-hostname", "hostname"),
          Map.entry("ipv4", "IPv4 address"),
          Map.entry("ipv6", "IPv6 address"),
          Map.entry("uri", "URI"),
          Map.entry("uri-reference", "URI reference"),
          Map.entry("iri", "IRI"),
          Map.entry("iri-reference", "IRI reference"),
          Map.entry("uri-template", "URI template"),
          Map.entry("uuid", "UUID"),
          Map.entry("date-time", "date-time (RFC 3339, e.g. 2025-01-31T12:00:00Z)"),
          Map.entry("date", "date (YYYY-MM-DD)"),
          Map.entry("time", "time (RFC 3339, e.g. 12:00:00Z)"),
          Map.entry("duration", "ISO 8601 duration (e.g. PT30S)"),
          Map.entry("regex", "regular expression"),
          Map.entry("json-pointer", "JSON pointer"),
          Map.entry("relative-json-pointer", "relative JSON pointer"));

  /** Keys whose values are secrets: a message names the key, never the value. */
  private static final Pattern SECRET = Pattern.compile("(?i)(password|secret|token)[^/]*$");

  private final SchemaNodes schemas;

  ViolationMessages(SchemaNodes schemas) {
    this.schemas = schemas;
  }

  /** The findings for one error; usually one, several for repeated items. */
  List<Finding> translate(Violation v) {
    String keyword = v.keyword();
    Optional<SchemaNodes.Owner> owner = schemas.owner(v.error());
    if (!STRUCTURAL.contains(keyword)) {
      Optional<String> custom = owner.flatMap(SchemaNodes.Owner::customMessage);
      if (custom.isPresent()) {
        return List.of(Finding.value(v.pointer(), custom.get()));
      }
    }
    return switch (keyword) {
      case "additionalProperties", "unevaluatedProperties" ->
          List.of(KeyFindings.unknownKey(v, owner));
      case "propertyNames" -> List.of(KeyFindings.badKey(v));
      case "false" -> List.of(KeyFindings.forbidden(v));
      case "uniqueItems" -> duplicates(v);
      case "items", "unevaluatedItems", "additionalItems" -> List.of(unexpectedItem(v, owner));
      case "not" -> List.of(not(v));
      default -> List.of(Finding.value(v.pointer(), message(v)));
    };
  }

  private static String message(Violation v) {
    JsonNode value = v.instance();
    JsonNode limit = v.schemaValue();
    if (SECRET.matcher(v.pointer()).find()) {
      return secret(v.keyword(), limit, value);
    }
    return switch (v.keyword()) {
      case "type" -> expected(types(limit), value);
      case "required" -> "missing required key \"" + v.property().orElse("?") + "\"";
      case "dependentRequired" -> dependentRequired(v);
      case "enum" -> notOneOf(value, limit);
      case "const" -> "expected " + Values.brief(limit) + ", " + Values.got(value);
      case "minimum" -> "must be at least " + limit + ", got " + value;
      case "maximum" -> "must be at most " + limit + ", got " + value;
      case "exclusiveMinimum" -> "must be greater than " + limit + ", got " + value;
      case "exclusiveMaximum" -> "must be less than " + limit + ", got " + value;
      case "multipleOf" -> "must be a multiple of " + limit + ", got " + value;
      case "minLength" -> length(value, limit, true);
      case "maxLength" -> length(value, limit, false);
      case "minItems" -> size(value.size(), limit, "item", true);
      case "maxItems" -> size(value.size(), limit, "item", false);
      case "minProperties" -> size(value.size(), limit, "key", true);
      case "maxProperties" -> size(value.size(), limit, "key", false);
      case "minContains", "contains" ->
          "must contain at least "
              + Values.count(firstNumber(v, 1), "item")
              + " matching "
              + Values.brief(limit);
      case "maxContains" ->
          "must contain at most "
              + Values.count(firstNumber(v, 0), "item")
              + " matching "
              + Values.brief(limit);
      case "pattern" -> Values.brief(value) + " does not match the pattern " + limit.asText();
      case "format" -> format(value, limit.asText());
      case "oneOf" -> oneOf(v);
      case "anyOf" -> "does not match any of the allowed alternatives";
      default -> Optional.ofNullable(v.error().getMessage()).orElse("is not valid");
    };
  }

  /**
   * A message about a secret's value that does not show it. The usual cause is an unquoted {@code
   * ${VAR}} whose value YAML reads as a number, boolean or null.
   */
  private static String secret(String keyword, JsonNode limit, JsonNode value) {
    String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
    String quote = " (write it in quotes, e.g. \"${SLUICE_DB_PASSWORD}\", to keep it text)";
    return keyword.equals("type")
        ? "expected "
            + Values.alternatives(types(limit), "or")
            + ", got a "
            + kind
            + " (the value is a secret and not shown)"
            + (value.isValueNode() ? quote : "")
        : "is not valid (the value is a secret and not shown)";
  }

  /**
   * {@code expected integer, got string "abc"}; when a string was expected but a boolean found, a
   * hint to quote it, since YAML reads {@code yes}, {@code no}, {@code on} and {@code off} as
   * booleans.
   */
  static String expected(List<String> alternatives, JsonNode value) {
    String hint =
        alternatives.contains("string") && value.isBoolean()
            ? " (put it in quotes to make it a string)"
            : "";
    return "expected " + Values.alternatives(alternatives, "or") + ", " + Values.got(value) + hint;
  }

  static List<String> types(JsonNode type) {
    List<String> names = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(t -> names.add(t.asText()));
    } else {
      names.add(type.asText());
    }
    return names;
  }

  static String notOneOf(JsonNode value, JsonNode allowed) {
    String message = Values.brief(value) + " is not one of " + Values.list(allowed);
    return message + suggestion(value, Values.strings(allowed));
  }

  /** {@code (did you mean "x"?)} for a string close to one of the candidates, else "". */
  static String suggestion(JsonNode value, List<String> candidates) {
    if (!value.isTextual()) {
      return "";
    }
    return DidYouMean.suggest(value.textValue(), candidates)
        .map(s -> " (did you mean \"" + s + "\"?)")
        .orElse("");
  }

  private static List<Finding> duplicates(Violation v) {
    JsonNode array = v.instance();
    List<Finding> out = new ArrayList<>();
    Comparator<JsonNode> sameValue = Values::compareForEquality;
    for (int j = 1; j < array.size(); j++) {
      for (int i = 0; i < j; i++) {
        if (array.get(i).equals(sameValue, array.get(j))) {
          out.add(
              Finding.value(
                  JsonPointers.child(v.pointer(), j),
                  "duplicate item "
                      + Values.brief(array.get(j))
                      + " (same as item "
                      + i
                      + "); items must be unique"));
          break;
        }
      }
    }
    if (out.isEmpty()) {
      out.add(Finding.value(v.pointer(), "items must be unique"));
    }
    return out;
  }

  private static String dependentRequired(Violation v) {
    Object[] args = v.error().getArguments();
    String missing = args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
    String present = args != null && args.length > 1 ? String.valueOf(args[1]) : "?";
    return "missing required key \""
        + missing
        + "\" (required when \""
        + present
        + "\" is present)";
  }

  private static String length(JsonNode value, JsonNode limit, boolean min) {
    String text = value.asText();
    int length = text.codePointCount(0, text.length());
    if (min && limit.asInt() == 1 && length == 0) {
      return "must not be empty";
    }
    return "must be "
        + (min ? "at least " : "at most ")
        + Values.count(limit.asInt(), "character")
        + " long, got "
        + length;
  }

  private static String size(int actual, JsonNode limit, String noun, boolean min) {
    if (min && limit.asInt() == 1 && actual == 0) {
      return "must not be empty";
    }
    return "must have "
        + (min ? "at least " : "at most ")
        + Values.count(limit.asInt(), noun)
        + ", got "
        + actual;
  }

  private static int firstNumber(Violation v, int fallback) {
    Object[] args = v.error().getArguments();
    if (args != null && args.length > 0 && args[0] instanceof Number n) {
      return n.intValue();
    }
    return fallback;
  }

  private static String format(JsonNode value, String format) {
    return Values.brief(value) + " is not a valid " + formatName(format);
  }

  static String formatName(String format) {
    return FORMATS.getOrDefault(format.toLowerCase(Locale.ROOT), "\"" + format + "\" value");
  }

  private static String oneOf(Violation v) {
    Object[] args = v.error().getArguments();
    int valid = validCount(v);
    if (valid < 2) {
      return "does not match any of the allowed alternatives";
    }
    List<String> names = new ArrayList<>();
    JsonNode branches = v.schemaValue();
    for (int i = 1; i < args.length; i++) {
      for (String part : String.valueOf(args[i]).split(",", -1)) {
        try {
          int index = Integer.parseInt(part.strip());
          JsonNode title = branches.path(index).path("title");
          names.add(title.isTextual() ? "\"" + title.asText() + "\"" : "#" + (index + 1));
        } catch (NumberFormatException e) {
          // The indexes only make the message more precise.
        }
      }
    }
    String which = names.isEmpty() ? "" : " (" + Values.alternatives(names, "and") + ")";
    return "matches " + valid + " of the alternatives" + which + " but must match exactly one";
  }

  /** How many alternatives of a {@code oneOf} matched, from its own error. */
  static int validCount(Violation oneOf) {
    Object[] args = oneOf.error().getArguments();
    if (args == null || args.length == 0 || args[0] == null) {
      return 0;
    }
    try {
      return Integer.parseInt(String.valueOf(args[0]).strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Finding unexpectedItem(Violation v, Optional<SchemaNodes.Owner> owner) {
    Integer index = v.error().getIndex();
    if (index == null) {
      index = firstNumber(v, -1);
    }
    String pointer = index < 0 ? v.pointer() : JsonPointers.child(v.pointer(), index);
    int allowed = owner.map(o -> o.node().path("prefixItems").size()).orElse(0);
    return Finding.value(
        pointer,
        allowed == 0
            ? "unexpected item"
            : "unexpected item; at most " + Values.count(allowed, "item") + " allowed here");
  }

  private static Finding not(Violation v) {
    JsonNode schema = v.schemaValue();
    JsonNode required = schema.path("required");
    if (schema.size() == 1 && required.isArray() && required.size() == 1) {
      String key = required.get(0).asText();
      return Finding.key(
          JsonPointers.child(v.pointer(), key), "key \"" + key + "\" is not allowed here");
    }
    return Finding.value(v.pointer(), "must not match " + Values.brief(schema));
  }
}
