package dev.sluice.bind.yaml;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} substitution in one scalar value.
 *
 * <ul>
 *   <li>{@code ${VAR}}: the variable's value; an error if it is not set (set but empty gives "").
 *   <li>{@code ${VAR:-default}}: the default when the variable is unset or empty.
 *   <li>{@code ${VAR:?message}}: an error carrying the operator's message when unset or empty.
 *   <li>{@code $${...}}: a literal {@code ${...}}.
 * </ul>
 *
 * <p>References do not nest: the default and the message end at the first {@code }}.
 */
final class Substitution {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String SYNTAX = "use ${NAME}, ${NAME:-default} or ${NAME:?message}";

  /**
   * The outcome of substituting one scalar.
   *
   * @param value the text after substitution (unset variables contribute "")
   * @param problems messages for the operator, in order, without duplicates; empty when fine
   */
  record Result(String value, List<String> problems) {}

  private Substitution() {}

  /** Whether the text needs {@link #apply} at all. */
  static boolean mayContainReferences(String text) {
    return text.contains("${");
  }

  static Result apply(String text, Environment env) {
    StringBuilder out = new StringBuilder(text.length());
    Set<String> problems = new LinkedHashSet<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int close = text.indexOf('}', i + 2);
        if (close < 0) {
          problems.add(
              "unterminated \"${\" (no closing \"}\"); write \"$${\" for a literal \"${\"");
          out.append(text, i, text.length());
          break;
        }
        String expr = text.substring(i + 2, close);
        resolve(expr, env, problems).ifPresent(out::append);
        i = close + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return new Result(out.toString(), List.copyOf(new ArrayList<>(problems)));
  }

  private static Optional<String> resolve(String expr, Environment env, Set<String> problems) {
    String reference = "\"${" + expr + "}\"";
    if (expr.contains("${")) {
      problems.add("nested references are not supported in " + reference);
      return Optional.empty();
    }
    int colon = expr.indexOf(':');
    String name = colon < 0 ? expr : expr.substring(0, colon);
    if (!NAME.matcher(name).matches()) {
      problems.add("invalid environment variable name \"" + name + "\" in " + reference);
      return Optional.empty();
    }
    Optional<String> value = env.get(name);
    if (colon < 0) {
      if (value.isEmpty()) {
        problems.add("environment variable " + name + " is not set");
      }
      return value;
    }
    String rest = expr.substring(colon + 1);
    boolean blank = value.map(String::isEmpty).orElse(true);
    if (rest.startsWith("-")) {
      return blank ? Optional.of(rest.substring(1)) : value;
    }
    if (rest.startsWith("?")) {
      if (blank) {
        String message = rest.substring(1).strip();
        String state = value.isEmpty() ? " is not set" : " is empty";
        problems.add(
            "environment variable " + name + state + (message.isEmpty() ? "" : ": " + message));
      }
      return value;
    }
    problems.add("invalid reference " + reference + "; " + SYNTAX);
    return Optional.empty();
  }
}
