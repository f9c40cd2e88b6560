package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.ParamType;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Converts one value, received as text or as JSON, to the Java value of a {@link ParamType}. A
 * failure says what was expected ("an integer"), to be phrased for a client ({@code must be an
 * integer, got "abc"}) or an operator ({@code default "abc" is not an integer}).
 */
final class ParamConversion {
  /** Numbers with a larger scale (either way) are refused before they reach the database. */
  static final int MAX_SCALE = 1000;

  /** The most characters of a client's value a message repeats. */
  static final int MAX_SHOWN = 60;

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt].*");
  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
          .build();

  private static final String REASONABLE = "a number of reasonable size";

  static final String INTEGER_RANGE = "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;

  private ParamConversion() {}

  /** A converted value, or what was expected instead. */
  sealed interface Converted {}

  record Ok(Object value) implements Converted {}

  record Failed(String expected) implements Converted {}

  /** What a value of the type is, for messages: "an integer". */
  static String expected(ParamType type) {
    return switch (type) {
      case STRING -> "a string";
      case INTEGER -> "an integer";
      case NUMBER -> "a number";
      case BOOLEAN -> "true or false";
      case UUID -> "a UUID (8-4-4-4-12 hex digits)";
      case DATE -> "a date (YYYY-MM-DD)";
      case TIMESTAMP -> "a timestamp with a time zone offset, like 2024-05-01T10:00:00Z";
      case JSON -> "valid JSON";
    };
  }

  /** Converts text (a path segment, query parameter or header). */
  static Converted fromText(ParamType type, String text) {
    return switch (type) {
      case STRING -> storable(text);
      case INTEGER -> integer(text);
      case NUMBER -> number(text);
      case BOOLEAN -> {
        if (text.equalsIgnoreCase("true")) {
          yield new Ok(true);
        }
        yield text.equalsIgnoreCase("false") ? new Ok(false) : failed(type);
      }
      case UUID -> UUID_TEXT.matcher(text).matches() ? new Ok(UUID.fromString(text)) : failed(type);
      case DATE -> date(text);
      case TIMESTAMP -> timestamp(text);
      case JSON -> isJson(text) ? new Ok(text) : failed(type);
    };
  }

  /**
   * Text as a database can store it: no NUL character (PostgreSQL's text types cannot hold one; H2
   * would, so the two would differ) and no unpaired UTF-16 surrogate (a JSON escape such as {@code
   * "\\ud800"} alone, which is not Unicode text; PostgreSQL would store a {@code ?}).
   */
  static Converted storable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return new Failed("text without NUL characters");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
          continue;
        }
        return new Failed("valid Unicode text (it has an unpaired surrogate)");
      }
    }
    return new Ok(text);
  }

  /** Converts a JSON value (from the body, a claim or a route file); never missing or null. */
  static Converted fromJson(ParamType type, JsonNode node) {
    return switch (type) {
      case STRING -> node.isTextual() ? storable(node.textValue()) : failed(type);
      case INTEGER ->
          !node.isNumber()
              ? failed(type)
              : finite(node) ? integral(node) : new Failed(INTEGER_RANGE);
      case NUMBER ->
          !node.isNumber()
              ? failed(type)
              : finite(node) ? checkedScale(node.decimalValue()) : new Failed(REASONABLE);
      case BOOLEAN -> node.isBoolean() ? new Ok(node.booleanValue()) : failed(type);
      case UUID, DATE, TIMESTAMP ->
          node.isTextual() ? fromText(type, node.textValue()) : failed(type);
      case JSON -> new Ok(node.toString());
    };
  }

  /**
   * Whether a number node holds a value BigDecimal can take: a double or float that is not NaN or
   * infinite (request bodies never hold one, see RequestBodies; a claim or a default might).
   */
  private static boolean finite(JsonNode node) {
    return !node.isFloatingPointNumber()
        || node.isBigDecimal()
        || Double.isFinite(node.doubleValue());
  }

  /** A client's value in quotes, escaped as in JSON and cut to {@value #MAX_SHOWN} characters. */
  static String show(String text) {
    String cut = text;
    if (text.codePointCount(0, text.length()) > MAX_SHOWN) {
      cut = text.substring(0, text.offsetByCodePoints(0, MAX_SHOWN - 3)) + "...";
    }
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(cut)) + "\"";
  }

  /** A JSON value as a message shows it: strings quoted, containers by kind. */
  static String show(JsonNode node) {
    if (node.isTextual()) {
      return show(node.textValue());
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "an array";
    }
    String text = node.toString();
    return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN - 3) + "..." : text;
  }

  private static Failed failed(ParamType type) {
    return new Failed(expected(type));
  }

  private static Converted integer(String text) {
    if (!INTEGER.matcher(text).matches()) {
      return failed(ParamType.INTEGER);
    }
    try {
      return new Ok(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return new Failed(INTEGER_RANGE);
    }
  }

  private static Converted integral(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? new Ok(node.longValue()) : new Failed(INTEGER_RANGE);
    }
    BigDecimal d = node.decimalValue();
    if (d.signum() != 0 && d.stripTrailingZeros().scale() > 0) {
      return failed(ParamType.INTEGER);
    }
    if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
      return new Failed(INTEGER_RANGE);
    }
    return new Ok(d.longValueExact());
  }

  private static Converted number(String text) {
    if (!NUMBER.matcher(text).matches()) {
      return failed(ParamType.NUMBER);
    }
    try {
      return checkedScale(new BigDecimal(text));
    } catch (NumberFormatException e) { // an exponent beyond int
      return new Failed(REASONABLE);
    }
  }

  private static Converted checkedScale(BigDecimal d) {
    return Math.abs((long) d.scale()) > MAX_SCALE ? new Failed(REASONABLE) : new Ok(d);
  }

  private static Converted date(String text) {
    if (DATE.matcher(text).matches()) {
      try {
        return new Ok(LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE));
      } catch (DateTimeParseException e) {
        // falls through: 2024-02-30
      }
    }
    return failed(ParamType.DATE);
  }

  private static Converted timestamp(String text) {
    if (TIMESTAMP.matcher(text).matches()) {
      try {
        return new Ok(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      } catch (DateTimeParseException e) {
        if (isLocalDateTime(text)) {
          return new Failed(
              "a timestamp with a time zone offset (add Z or an offset such as +02:00)");
        }
      }
    }
    return failed(ParamType.TIMESTAMP);
  }

  private static boolean isLocalDateTime(String text) {
    try {
      LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** Whether the text is exactly one JSON value (whitespace around it allowed). */
  static boolean isJson(String text) {
    try (JsonParser p = JSON.createParser(text)) {
      if (p.nextToken() == null) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }
}
