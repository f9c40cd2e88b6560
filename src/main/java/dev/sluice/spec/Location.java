package dev.sluice.spec;

/**
 * A position in a text file.
 *
 * @param line 1-based line number
 * @param column 1-based column, counted in Unicode code points
 */
public record Location(int line, int column) {

  /** The start of a file. */
  public static final Location START = new Location(1, 1);

  /** Checks that both numbers are 1-based. */
  public Location {
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
    }
  }
}
