package dev.sluice.runtime.sql;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.postgresql.PGStatement;

/**
 * Turns the elements of a JDBC array into the classes {@link ResultRows#array} promises. Nested
 * arrays (pgjdbc: {@code Object[]} of {@code Object[]}; H2: {@code Object[]} of {@link Array})
 * become nested {@code Object[]}. pgjdbc hands out {@code java.sql} types: {@link Timestamp} (for
 * both timestamp and timestamptz), {@link java.sql.Date} and {@link Time} (which carries
 * milliseconds only, and for timetz the instant in UTC), with its infinity markers turned into the
 * {@code MAX} and {@code MIN} of {@code java.time}; H2 hands out JSON as UTF-8 bytes.
 */
final class JdbcArrays {
  private JdbcArrays() {}

  /** The elements of {@code array} (what {@link Array#getArray()} returned) for the kind. */
  static Object[] elements(Object array, ColumnKind element) throws SQLException {
    if (!(array instanceof Object[] items)) {
      throw new SQLException("the driver returned an array that is not an Object[]");
    }
    Object[] out = new Object[items.length];
    for (int i = 0; i < items.length; i++) {
      out[i] = element(items[i], element);
    }
    return out;
  }

  private static Object element(Object v, ColumnKind element) throws SQLException {
    if (v instanceof Object[] nested) {
      return elements(nested, element);
    }
    if (v instanceof Array nested) {
      try {
        return elements(nested.getArray(), element);
      } finally {
        nested.free();
      }
    }
    return switch (element) {
      case NUMERIC -> v instanceof Double d ? decimal(d) : v;
      case DATE -> v instanceof java.sql.Date d ? date(d) : v;
      case TIME -> v instanceof Time t ? t.toLocalTime() : v;
      case TIMETZ ->
          v instanceof Time t
              ? OffsetTime.ofInstant(Instant.ofEpochMilli(t.getTime()), ZoneOffset.UTC)
              : v;
      case TIMESTAMP, TIMESTAMPTZ -> v instanceof Timestamp t ? timestamp(t, element) : v;
      case JSON -> v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : v;
      default -> v;
    };
  }

  /** How pgjdbc represents a numeric NaN (as a {@code Double}). */
  private static Object decimal(double d) {
    return Double.isFinite(d) ? BigDecimal.valueOf(d) : NumberValues.nonFinite(d);
  }

  private static LocalDate date(java.sql.Date d) {
    return switch (infinity(d.getTime())) {
      case 1 -> LocalDate.MAX;
      case -1 -> LocalDate.MIN;
      default -> d.toLocalDate();
    };
  }

  private static Object timestamp(Timestamp t, ColumnKind element) {
    boolean utc = element == ColumnKind.TIMESTAMPTZ;
    return switch (infinity(t.getTime())) {
      case 1 -> utc ? OffsetDateTime.MAX : LocalDateTime.MAX;
      case -1 -> utc ? OffsetDateTime.MIN : LocalDateTime.MIN;
      default ->
          utc ? OffsetDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC) : t.toLocalDateTime();
    };
  }

  /** pgjdbc's markers for PostgreSQL's infinity (1) and -infinity (-1) in java.sql dates. */
  private static int infinity(long millis) {
    if (millis == PGStatement.DATE_POSITIVE_INFINITY) {
      return 1;
    }
    return millis == PGStatement.DATE_NEGATIVE_INFINITY ? -1 : 0;
  }
}
