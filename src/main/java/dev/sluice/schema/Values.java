package dev.sluice.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;

/** Short renderings of JSON values for messages. */
final class Values {

  /** Longest rendering of a value, in code points, before it is cut with an ellipsis. */
  static final int MAX_LENGTH = 40;

  private static final int MAX_LISTED = 30;

  private Values() {}

  /** A value as it would be written in JSON, shortened: {@code "abc"}, {@code 42}, {@code null}. */
  static String brief(JsonNode value) {
    if (value.isTextual()) {
      String text = value.textValue();
      if (text.codePointCount(0, text.length()) > MAX_LENGTH) {
        text = text.substring(0, text.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
      }
      return new TextNode(text).toString();
    }
    if (value.isMissingNode()) {
      return "nothing";
    }
    return cut(value.toString());
  }

  /** The JSON type name of a value: string, integer, number, boolean, null, object or array. */
  static String typeName(JsonNode value) {
    return switch (value.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> value.isIntegralNumber() ? "integer" : "number";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      default -> "nothing";
    };
  }

  /** {@code got string "abc"}, {@code got integer 42}, {@code got null}, {@code got object}. */
  static String got(JsonNode value) {
    String type = typeName(value);
    if (value.isValueNode() && !value.isNull()) {
      return "got " + type + " " + brief(value);
    }
    return "got " + type;
  }

  /** Enum or const values listed for humans: strings bare, others as JSON. */
  static String list(JsonNode values) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : values) {
      if (out.size() == MAX_LISTED) {
        out.add("…");
        break;
      }
      out.add(v.isTextual() ? v.textValue() : cut(v.toString()));
    }
    return "[" + String.join(", ", out) + "]";
  }

  /** The string values among {@code values}. */
  static List<String> strings(JsonNode values) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : values) {
      if (v.isTextual()) {
        out.add(v.textValue());
      }
    }
    return out;
  }

  /** "1 item", "2 items". */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** Joins words as "a", "a or b", "a, b or c". */
  static String alternatives(List<String> words, String conjunction) {
    if (words.size() <= 1) {
      return String.join("", words);
    }
    return String.join(", ", words.subList(0, words.size() - 1))
        + " "
        + conjunction
        + " "
        + words.get(words.size() - 1);
  }

  /** A comparator for {@link JsonNode#equals(Comparator, JsonNode)}: numbers compare by value. */
  static int compareForEquality(JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      try {
        return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
      } catch (NumberFormatException e) { // NaN or infinity
        return Double.compare(a.doubleValue(), b.doubleValue()) == 0 ? 0 : 1;
      }
    }
    return 1;
  }

  private static String cut(String s) {
    if (s.codePointCount(0, s.length()) <= MAX_LENGTH) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, MAX_LENGTH - 1)) + "…";
  }
}
