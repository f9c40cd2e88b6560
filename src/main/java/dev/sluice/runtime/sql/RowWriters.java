package dev.sluice.runtime.sql;

/**
 * The row writer of one route, built from its first result and kept: a statement's columns do not
 * change from one request to the next, so later results are only checked against it ({@link
 * RowWriter#fits}: labels and type names, no allocation) and a new writer is built only when the
 * shape did change (the schema was altered under a running gateway). Safe for any number of
 * threads: the writer is immutable, and two threads that build one at the same time each use their
 * own.
 */
final class RowWriters {
  private final JsonNumbers numbers;
  private volatile RowWriter cached;

  RowWriters(JsonNumbers numbers) {
    this.numbers = numbers;
  }

  /** The writer for a result with these columns. */
  RowWriter writerFor(ResultColumns columns) {
    RowWriter w = cached;
    if (w == null || !w.fits(columns)) {
      w = RowWriter.of(columns, numbers);
      cached = w;
    }
    return w;
  }
}
