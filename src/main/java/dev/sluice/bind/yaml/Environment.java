package dev.sluice.bind.yaml;

import java.util.Map;
import java.util.Optional;

/** Environment lookups for {@code ${VAR}} substitution in configuration files. */
@FunctionalInterface
public interface Environment {

  /** The value of the variable, if it is set (possibly to the empty string). */
  Optional<String> get(String name);

  /** The process environment. */
  static Environment system() {
    return name -> Optional.ofNullable(System.getenv(name));
  }

  /** A fixed set of variables, for tests; the map is copied. */
  static Environment of(Map<String, String> vars) {
    Map<String, String> copy = Map.copyOf(vars);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
