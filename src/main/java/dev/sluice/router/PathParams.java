package dev.sluice.router;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The path parameter values of a matched route, percent-decoded, in template order.
 *
 * <p>A small immutable map from parameter name to value. A catch-all's value is its segments, each
 * decoded, joined with {@code /}; so {@code a%2Fb/c} and {@code a/b/c} give the same catch-all
 * value, while a single {@code {param}} holds a {@code /} only from a decoded {@code %2F}.
 */
public final class PathParams {
  static final PathParams EMPTY = new PathParams(new String[0], new String[0]);

  private final String[] names;
  private final String[] values;

  /** Takes ownership of both arrays; {@code names} may be shared, it is never modified. */
  PathParams(String[] names, String[] values) {
    this.names = names;
    this.values = values;
  }

  /** An empty set of parameters. */
  public static PathParams empty() {
    return EMPTY;
  }

  /**
   * The value of the named parameter.
   *
   * @throws IllegalArgumentException if the matched template has no parameter of that name
   */
  public String get(String name) {
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "no path parameter \"" + name + "\" (parameters: " + names() + ")");
    }
    return values[i];
  }

  /** The value of the named parameter, or empty if the template has no such parameter. */
  public Optional<String> find(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(values[i]);
  }

  private int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** The parameter names in template order. */
  public List<String> names() {
    return List.of(names);
  }

  /** The number of parameters. */
  public int size() {
    return names.length;
  }

  /** Whether there are no parameters. */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The parameters as an immutable map that iterates in template order. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathParams other
        && Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
