package dev.sluice.spec;

import java.util.Locale;

/** The types a request parameter can be declared with ({@code type:} in a route's params). */
public enum ParamType {
  STRING,
  INTEGER,
  NUMBER,
  BOOLEAN,
  UUID,
  DATE,
  TIMESTAMP,
  JSON;

  /** The name as route files write it. */
  public String yamlName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The type for a route file's name. */
  public static ParamType of(String yamlName) {
    return valueOf(yamlName.toUpperCase(Locale.ROOT));
  }
}
