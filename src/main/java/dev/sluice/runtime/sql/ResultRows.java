package dev.sluice.runtime.sql;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * A statement's rows as the row writers read them, whatever the driver: a cursor, and typed reads
 * of the current row's cells (columns from 1), each read by the method of the column's {@link
 * ColumnKind}. This is all a driver implements to share Sluice's JSON rules ({@link RowWriter}); a
 * read that fails throws {@link SqlFailure}.
 *
 * <p>Primitive reads return 0 or false for SQL NULL, which {@link #wasNull()} then tells; the other
 * reads return null for it. Temporal values use the {@code MAX} and {@code MIN} of {@code
 * java.time} for PostgreSQL's {@code infinity} and {@code -infinity}, and {@link LocalTime#MAX} for
 * {@code 24:00:00}.
 */
public interface ResultRows extends ResultColumns {
  /** Moves to the next row; false after the last. */
  boolean next();

  /** Whether the last primitive read was of SQL NULL. */
  boolean wasNull();

  int intValue(int column);

  long longValue(int column);

  float floatValue(int column);

  double doubleValue(int column);

  boolean booleanValue(int column);

  /**
   * A {@code numeric}: a {@link java.math.BigDecimal}, or for PostgreSQL's non-numbers one of the
   * strings {@code NaN}, {@code Infinity}, {@code -Infinity}; null for NULL.
   */
  Object numeric(int column);

  /** Text (also uuid, json as the database prints it, and any type written as its text). */
  String text(int column);

  byte[] bytes(int column);

  LocalDate date(int column);

  LocalTime time(int column);

  OffsetTime timeWithZone(int column);

  LocalDateTime timestamp(int column);

  OffsetDateTime timestampWithZone(int column);

  /**
   * An array's elements as the reads above return them for the element kind ({@code Number} for
   * integers and floats; {@code BigDecimal} or a non-number's name for numeric; {@code Boolean};
   * {@code java.time} values; {@code String} for text, uuid and json; {@code byte[]}), a nested
   * array as an {@code Object[]}, NULL as null; null for a NULL array. An element of a class the
   * kind does not expect is written as its {@code toString()}.
   */
  Object[] array(int column, ColumnKind element);
}
