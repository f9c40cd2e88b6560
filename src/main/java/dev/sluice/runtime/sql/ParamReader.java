package dev.sluice.runtime.sql;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import dev.sluice.runtime.sql.ParamReader.Result.Invalid;
import dev.sluice.runtime.sql.ParamReader.Result.Valid;
import dev.sluice.spec.ParamLocation;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.ParamType;
import io.helidon.http.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads one declared parameter from a request: converts it to its type, applies its default and
 * checks its rules. Built once per route and parameter, so the default, the enum values and the
 * rules are converted and checked when the route is built, not per request.
 *
 * <pre>
 * ParamReader limit = ParamReader.of(spec);                // {in: query, type: integer, maximum: 100}
 * limit.readStrings(List.of("20"));                       // Present(20L)
 * limit.readStrings(List.of("abc"));                      // 400: must be an integer, got "abc"
 * </pre>
 *
 * <p>Violations name the parameter as the client sent it: the query parameter or header name
 * ({@link ParamSpec#source()}), or for the body a JSON pointer ({@code /ids/1} for an array item).
 * Items of a query, header or claim array are counted from 1 ({@code item 2 must be an integer, got
 * "x"}).
 */
public final class ParamReader {
  /** The detail of the 400 answered for invalid parameters. */
  public static final String DETAIL = "request parameters are invalid";

  private final ParamSpec spec;
  private final boolean required;
  private final ParamRules rules;
  private final ParamValue fallback;
  private final boolean splitText;

  private ParamReader(ParamSpec spec, ParamRules rules, ParamValue fallback) {
    this.spec = spec;
    this.required = spec.required() || spec.in() == ParamLocation.PATH;
    this.rules = rules;
    this.fallback = fallback;
    ParamType type = spec.type();
    this.splitText =
        spec.array()
            && type != ParamType.JSON
            && (type != ParamType.STRING || spec.in() == ParamLocation.HEADER);
  }

  /**
   * Prepares the reader of a parameter.
   *
   * @throws IllegalArgumentException with a message for the operator if the default or an enum
   *     value does not fit the type or the rules (e.g. {@code default "abc" is not an integer}), or
   *     a rule does not apply to the type
   */
  public static ParamReader of(ParamSpec spec) {
    ParamRules rules = ParamRules.of(spec);
    ParamValue fallback = ParamValue.absent();
    if (spec.defaultValue().isPresent() && !spec.defaultValue().get().isNull()) {
      fallback = ParamValue.of(defaultValue(spec, rules, spec.defaultValue().get()));
    }
    return new ParamReader(spec, rules, fallback);
  }

  private static Object defaultValue(ParamSpec spec, ParamRules rules, JsonNode node) {
    if (!spec.array()) {
      Object value = ParamRules.configValue(spec.type(), node, "default ");
      List<String> broken = rules.check(value);
      if (!broken.isEmpty()) {
        throw new IllegalArgumentException(
            "default " + ParamConversion.show(node) + " " + String.join(", ", broken));
      }
      return value;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("default must be a list for an array parameter");
    }
    List<Object> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String item = "default item " + (i + 1) + " ";
      Object value = ParamRules.configValue(spec.type(), node.get(i), item);
      List<String> broken = rules.check(value);
      if (!broken.isEmpty()) {
        throw new IllegalArgumentException(item + String.join(", ", broken));
      }
      values.add(value);
    }
    return values;
  }

  /** The parameter's declaration. */
  public ParamSpec spec() {
    return spec;
  }

  /**
   * Reads the parameter from text: the values of a path parameter, query parameter or header (an
   * empty list when it is missing, several for a repeated query parameter or header).
   *
   * @throws ProblemException 400 listing every rule the value breaks
   */
  public ParamValue readStrings(List<String> raw) {
    return orThrow(tryStrings(raw));
  }

  /**
   * Reads the parameter from JSON: the node found in the body or the claims ({@code MissingNode}
   * when it is missing; JSON {@code null} counts as missing too).
   *
   * @throws ProblemException 400 listing every rule the value breaks
   */
  public ParamValue readJson(JsonNode raw) {
    return orThrow(tryJson(raw));
  }

  /** Like {@link #readStrings}, but returns the violations instead of throwing them. */
  public Result tryStrings(List<String> raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.isEmpty()) {
      return missing();
    }
    if (!spec.array()) {
      if (raw.size() > 1) {
        return new Invalid(List.of(violation(-1, "must be given only once")));
      }
      return one(raw.get(0), -1);
    }
    List<String> items = new ArrayList<>(raw.size());
    for (String r : raw) {
      if (splitText) {
        for (String item : r.split(",", -1)) {
          items.add(item.strip());
        }
      } else {
        items.add(r);
      }
    }
    List<Object> values = new ArrayList<>(items.size());
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      switch (one(items.get(i), i)) {
        case Valid v -> values.add(((ParamValue.Present) v.value()).value());
        case Invalid bad -> violations.addAll(bad.violations());
      }
    }
    return violations.isEmpty() ? new Valid(ParamValue.of(values)) : new Invalid(violations);
  }

  /** Like {@link #readJson}, but returns the violations instead of throwing them. */
  public Result tryJson(JsonNode raw) {
    Objects.requireNonNull(raw, "raw");
    if (raw.isMissingNode() || raw.isNull()) {
      return missing();
    }
    if (!spec.array()) {
      return oneJson(raw, -1);
    }
    if (!raw.isArray()) {
      return new Invalid(
          List.of(violation(-1, "must be an array, got " + ParamConversion.show(raw))));
    }
    List<Object> values = new ArrayList<>(raw.size());
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < raw.size(); i++) {
      switch (oneJson(raw.get(i), i)) {
        case Valid v -> values.add(((ParamValue.Present) v.value()).value());
        case Invalid bad -> violations.addAll(bad.violations());
      }
    }
    return violations.isEmpty() ? new Valid(ParamValue.of(values)) : new Invalid(violations);
  }

  private Result missing() {
    if (fallback instanceof ParamValue.Present || !required) {
      return new Valid(fallback);
    }
    return new Invalid(List.of(violation(-1, "is required")));
  }

  private Result one(String text, int item) {
    return checked(ParamConversion.fromText(spec.type(), text), ParamConversion.show(text), item);
  }

  private Result oneJson(JsonNode node, int item) {
    if (node.isNull()) {
      return checked(
          new ParamConversion.Failed(ParamConversion.expected(spec.type())), "null", item);
    }
    return checked(ParamConversion.fromJson(spec.type(), node), ParamConversion.show(node), item);
  }

  private Result checked(ParamConversion.Converted converted, String shown, int item) {
    return switch (converted) {
      case ParamConversion.Failed f ->
          new Invalid(List.of(violation(item, "must be " + f.expected() + ", got " + shown)));
      case ParamConversion.Ok ok -> {
        List<String> broken = rules.check(ok.value());
        if (broken.isEmpty()) {
          yield new Valid(ParamValue.of(ok.value()));
        }
        List<Violation> violations = new ArrayList<>(broken.size());
        for (String message : broken) {
          violations.add(violation(item, message));
        }
        yield new Invalid(violations);
      }
    };
  }

  /**
   * A violation where the client sent the value: a JSON pointer into the body (the item's index
   * appended), else the parameter's name, with "item N" (from 1) before the message.
   *
   * @param item the index of the array item at fault, or -1
   */
  private Violation violation(int item, String message) {
    if (spec.in() == ParamLocation.BODY) {
      return Violation.pointer(item < 0 ? spec.source() : spec.source() + "/" + item, message);
    }
    return Violation.parameter(
        spec.source(), item < 0 ? message : "item " + (item + 1) + " " + message);
  }

  private static ParamValue orThrow(Result result) {
    return switch (result) {
      case Valid v -> v.value();
      case Invalid bad ->
          throw new ProblemException(Status.BAD_REQUEST_400, DETAIL, bad.violations());
    };
  }

  /** The outcome of reading one parameter: its value, or every rule it breaks. */
  public sealed interface Result {

    /** The parameter's value (possibly {@link ParamValue.Absent}). */
    record Valid(ParamValue value) implements Result {
      public Valid {
        Objects.requireNonNull(value, "value");
      }
    }

    /** Every violation found; never empty. */
    record Invalid(List<Violation> violations) implements Result {
      public Invalid {
        violations = List.copyOf(violations);
        if (violations.isEmpty()) {
          throw new IllegalArgumentException("an invalid result needs a violation");
        }
      }
    }
  }
}
