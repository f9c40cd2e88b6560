package dev.sluice.sqltext;

/**
 * Thrown by {@link NamedSql#parse(String)} when a route's SQL cannot be split into text and
 * parameters, for example an unterminated string literal. The message names the line and column
 * (both counted from 1); {@link #offset()} is the character index where the construct starts.
 */
public final class SqlTextException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public SqlTextException(String message, int offset) {
    super(message, null, false, false);
    this.offset = offset;
  }

  /** The index in the SQL text (counted from 0) of the construct at fault. */
  public int offset() {
    return offset;
  }
}
