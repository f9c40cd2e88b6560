package dev.sluice.runtime.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.ParamType;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of one parameter (enum, minimum, maximum, min-length, max-length, pattern), prepared
 * once, checked against each converted value (each item of an array).
 */
final class ParamRules {
  private final Optional<BigDecimal> minimum;
  private final Optional<BigDecimal> maximum;
  private final Optional<Pattern> pattern;
  private final OptionalInt minLength;
  private final OptionalInt maxLength;
  private final Set<Object> allowed;
  private final String allowedShown;

  private ParamRules(ParamSpec spec, Set<Object> allowed, String allowedShown) {
    this.minimum = spec.minimum();
    this.maximum = spec.maximum();
    this.pattern = spec.pattern();
    this.minLength = spec.minLength();
    this.maxLength = spec.maxLength();
    this.allowed = allowed;
    this.allowedShown = allowedShown;
  }

  /**
   * The rules of a parameter.
   *
   * @throws IllegalArgumentException if a rule does not apply to the type, the bounds contradict
   *     each other, or an enum value is not of the type
   */
  static ParamRules of(ParamSpec spec) {
    ParamType type = spec.type();
    boolean numeric = type == ParamType.INTEGER || type == ParamType.NUMBER;
    if (!numeric && (spec.minimum().isPresent() || spec.maximum().isPresent())) {
      throw new IllegalArgumentException(
          (spec.minimum().isPresent() ? "minimum" : "maximum")
              + " applies only to integer and number parameters, not "
              + type.yamlName());
    }
    if (type != ParamType.STRING) {
      String rule =
          spec.pattern().isPresent()
              ? "pattern"
              : spec.minLength().isPresent()
                  ? "min-length"
                  : spec.maxLength().isPresent() ? "max-length" : null;
      if (rule != null) {
        throw new IllegalArgumentException(
            rule + " applies only to string parameters, not " + type.yamlName());
      }
    }
    if (spec.minimum().isPresent()
        && spec.maximum().isPresent()
        && spec.minimum().get().compareTo(spec.maximum().get()) > 0) {
      throw new IllegalArgumentException(
          "minimum "
              + spec.minimum().get().toPlainString()
              + " is greater than maximum "
              + spec.maximum().get().toPlainString());
    }
    if ((spec.minLength().isPresent() && spec.minLength().getAsInt() < 0)
        || (spec.maxLength().isPresent() && spec.maxLength().getAsInt() < 0)) {
      throw new IllegalArgumentException("min-length and max-length cannot be negative");
    }
    if (spec.minLength().isPresent()
        && spec.maxLength().isPresent()
        && spec.minLength().getAsInt() > spec.maxLength().getAsInt()) {
      throw new IllegalArgumentException(
          "min-length "
              + spec.minLength().getAsInt()
              + " is greater than max-length "
              + spec.maxLength().getAsInt());
    }
    if (spec.enumValues().isEmpty()) {
      return new ParamRules(spec, Set.of(), "");
    }
    if (type == ParamType.JSON) {
      throw new IllegalArgumentException("enum does not apply to json parameters");
    }
    Set<Object> allowed = new HashSet<>();
    List<String> shown = new ArrayList<>();
    for (JsonNode node : spec.enumValues()) {
      Object value = configValue(type, node, "enum value ");
      allowed.add(key(value));
      shown.add(node.isTextual() ? node.textValue() : node.toString());
    }
    return new ParamRules(spec, Set.copyOf(allowed), shown.toString());
  }

  /**
   * Converts a value written in a route file (a default or an enum value): text as a client would
   * send it, other scalars as JSON.
   *
   * @throws IllegalArgumentException naming the value, e.g. {@code default "abc" is not an integer}
   */
  static Object configValue(ParamType type, JsonNode node, String what) {
    ParamConversion.Converted c =
        node.isTextual()
            ? ParamConversion.fromText(type, node.textValue())
            : ParamConversion.fromJson(type, node);
    return switch (c) {
      case ParamConversion.Ok ok -> ok.value();
      case ParamConversion.Failed f ->
          throw new IllegalArgumentException(
              what + ParamConversion.show(node) + " is not " + f.expected());
    };
  }

  /** Every rule the value breaks, as messages ("must be at least 1"); empty if none. */
  List<String> check(Object value) {
    List<String> broken = new ArrayList<>(2);
    if (!allowed.isEmpty() && !allowed.contains(key(value))) {
      broken.add("must be one of " + allowedShown);
    }
    if (value instanceof Long || value instanceof BigDecimal) {
      BigDecimal n = value instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) value;
      minimum
          .filter(m -> n.compareTo(m) < 0)
          .ifPresent(m -> broken.add("must be at least " + m.toPlainString()));
      maximum
          .filter(m -> n.compareTo(m) > 0)
          .ifPresent(m -> broken.add("must be at most " + m.toPlainString()));
    }
    if (value instanceof String s) {
      int length = s.codePointCount(0, s.length());
      if (minLength.isPresent() && length < minLength.getAsInt()) {
        broken.add("must be at least " + characters(minLength.getAsInt()));
      }
      if (maxLength.isPresent() && length > maxLength.getAsInt()) {
        broken.add("must be at most " + characters(maxLength.getAsInt()));
      }
      pattern
          .filter(p -> !p.matcher(s).matches())
          .ifPresent(p -> broken.add("must match " + p.pattern()));
    }
    return broken;
  }

  private static String characters(int n) {
    return n == 1 ? "1 character" : n + " characters";
  }

  /** What enum membership compares: numbers by value (1.0 = 1), timestamps by instant. */
  private static Object key(Object value) {
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }
    if (value instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    return value;
  }
}
