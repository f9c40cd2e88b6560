package dev.sluice.spec;

import dev.sluice.log.UrlCredentials;
import java.util.Comparator;
import java.util.Objects;

/**
 * One validation problem in an operator's configuration file; line and column are 1-based.
 *
 * <p>Errors sort by file, line, column, pointer and message, which is the order in which they are
 * printed.
 *
 * @param file the file as the operator should see it (for example relative to the working
 *     directory)
 * @param line 1-based line
 * @param column 1-based column
 * @param pointer RFC 6901 JSON pointer of the offending value; {@code ""} is the whole document
 * @param message a sentence for humans, without a trailing period
 */
public record ConfigError(String file, int line, int column, String pointer, String message)
    implements Comparable<ConfigError> {

  private static final Comparator<ConfigError> ORDER =
      Comparator.comparing((ConfigError e) -> e.file())
          .thenComparingInt(ConfigError::line)
          .thenComparingInt(ConfigError::column)
          .thenComparing(ConfigError::pointer)
          .thenComparing(ConfigError::message);

  /**
   * Checks that no component is null and that line and column are 1-based; takes credentials out of
   * any URL the message quotes ({@link UrlCredentials}), so no error shows a password.
   */
  public ConfigError {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(pointer, "pointer");
    message = UrlCredentials.strip(Objects.requireNonNull(message, "message"));
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }

  /** An error at a position in a file. */
  public static ConfigError at(String file, Location loc, String pointer, String message) {
    return new ConfigError(file, loc.line(), loc.column(), pointer, message);
  }

  /** An error about the whole file: reported at line 1, column 1, with the root pointer. */
  public static ConfigError file(String file, String message) {
    return at(file, Location.START, "", message);
  }

  /** The line printed for the operator: {@code file:line:column: pointer: message}. */
  public String format() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (pointer.isEmpty() ? "/" : pointer)
        + ": "
        + message;
  }

  @Override
  public int compareTo(ConfigError other) {
    return ORDER.compare(this, other);
  }
}
