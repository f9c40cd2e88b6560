package dev.sluice.spec;

/**
 * The {@code logging:} section: {@code format: json | text}, {@code level: debug | info | warn |
 * error}.
 */
public record LoggingSpec(Format format, String level) {

  /** How log lines are written on stdout. */
  public enum Format {
    JSON,
    TEXT
  }

  /** JSON lines at info. */
  public static LoggingSpec defaults() {
    return new LoggingSpec(Format.JSON, "info");
  }
}
