package dev.sluice.runtime.sql;

import java.io.IOException;

/**
 * What the SQL handler makes of a statement's outcome, handed to it by the executor while the
 * driver still holds the result (so rows are read as they arrive, never copied into a list first).
 */
public interface Outcome<T> {
  /** The rows of a query, or the returned columns of a write ({@link StatementPlan#rows}). */
  T rows(ResultRows rows) throws IOException;

  /** The number of rows a statement without rows changed. */
  T updated(long count);
}
