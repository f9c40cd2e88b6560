package dev.sluice.spec;

/**
 * Where a piece of configuration was written: file, line, column and JSON pointer, so that an error
 * found after parsing (when a route or stack is built) still names the exact place.
 */
public record Origin(String file, int line, int column, String pointer) {

  /** An error message at this place. */
  public ConfigError error(String message) {
    return new ConfigError(file, line, column, pointer, message);
  }
}
