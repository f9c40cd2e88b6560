package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import org.postgresql.PGStatement;

/**
 * Writes an array column as a JSON array whose elements follow the column rules, by the element
 * kind decided once from the column's type name. Nested arrays (pgjdbc: {@code Object[]} of {@code
 * Object[]}; H2: {@code Object[]} of {@link Array}) become nested JSON arrays.
 *
 * <p>Elements arrive as the driver's objects, so pgjdbc's {@code java.sql} types are converted:
 * {@link Timestamp} (for both timestamp and timestamptz), {@link java.sql.Date} and {@link Time}
 * (which carries milliseconds only, and for timetz the instant in UTC), with pgjdbc's infinity
 * markers written as {@code "infinity"} and {@code "-infinity"}.
 */
final class ArrayColumnWriter implements ColumnWriter {
  private final ColumnKind element;
  private final JsonNumbers numbers;
  private final IsoTemporal iso;

  ArrayColumnWriter(ColumnKind element, JsonNumbers numbers, IsoTemporal iso) {
    this.element = element;
    this.numbers = numbers;
    this.iso = iso;
  }

  @Override
  public void write(ResultSet rs, int column, JsonGenerator g) throws SQLException, IOException {
    Array a = rs.getArray(column);
    if (a == null) {
      g.writeNull();
      return;
    }
    try {
      Object items;
      try {
        items = a.getArray();
      } catch (SQLException e) {
        if (element == ColumnKind.NUMERIC
            && NumericArrayText.write(rs.getString(column), g, numbers)) {
          return;
        }
        throw e;
      }
      writeArray(items, g);
    } finally {
      a.free();
    }
  }

  private void writeArray(Object array, JsonGenerator g) throws SQLException, IOException {
    if (!(array instanceof Object[] items)) {
      throw new SQLException("the driver returned an array that is not an Object[]");
    }
    g.writeStartArray();
    for (Object item : items) {
      writeElement(item, g);
    }
    g.writeEndArray();
  }

  private void writeElement(Object v, JsonGenerator g) throws SQLException, IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Object[] nested) {
      writeArray(nested, g);
    } else if (v instanceof Array nested) {
      try {
        writeArray(nested.getArray(), g);
      } finally {
        nested.free();
      }
    } else if (!writeTyped(v, g)) {
      g.writeString(v.toString());
    }
  }

  /** Writes v by the element kind; false when v is not of a class the kind expects. */
  private boolean writeTyped(Object v, JsonGenerator g) throws IOException {
    switch (element) {
      case INT, BIGINT -> {
        if (v instanceof Number n) {
          NumberValues.writeLong(g, n.longValue(), numbers);
          return true;
        }
      }
      case REAL -> {
        if (v instanceof Number n) {
          NumberValues.writeFloat(g, n.floatValue());
          return true;
        }
      }
      case DOUBLE -> {
        if (v instanceof Number n) {
          NumberValues.writeDouble(g, n.doubleValue());
          return true;
        }
      }
      case NUMERIC -> {
        if (v instanceof BigDecimal d) {
          NumberValues.writeDecimal(g, d, numbers);
          return true;
        }
        if (v instanceof Double d) { // how pgjdbc represents a numeric NaN outside arrays
          NumberValues.writeDouble(g, d);
          return true;
        }
      }
      case BOOLEAN -> {
        if (v instanceof Boolean b) {
          g.writeBoolean(b);
          return true;
        }
      }
      case DATE -> {
        return writeDate(v, g);
      }
      case TIME -> {
        if (v instanceof LocalTime t) {
          iso.writeTime(g, t);
          return true;
        }
        if (v instanceof Time t) {
          iso.writeTime(g, t.toLocalTime());
          return true;
        }
      }
      case TIMETZ -> {
        if (v instanceof OffsetTime t) {
          iso.writeUtcTime(g, t);
          return true;
        }
        if (v instanceof Time t) {
          iso.writeUtcTime(
              g, OffsetTime.ofInstant(Instant.ofEpochMilli(t.getTime()), ZoneOffset.UTC));
          return true;
        }
      }
      case TIMESTAMP, TIMESTAMPTZ -> {
        return writeTimestamp(v, g);
      }
      case JSON -> {
        if (v instanceof String s) {
          g.writeRawValue(s);
          return true;
        }
        if (v instanceof byte[] b) {
          g.writeRawValue(new String(b, StandardCharsets.UTF_8)); // H2 hands JSON out as UTF-8
          return true;
        }
      }
      case BINARY -> {
        if (v instanceof byte[] b) {
          g.writeBinary(b);
          return true;
        }
      }
      default -> {
        return false;
      }
    }
    return false;
  }

  private boolean writeDate(Object v, JsonGenerator g) throws IOException {
    if (v instanceof LocalDate d) {
      iso.writeDate(g, d);
    } else if (v instanceof java.sql.Date d) {
      if (!writeInfinity(d.getTime(), g)) {
        iso.writeDate(g, d.toLocalDate());
      }
    } else {
      return false;
    }
    return true;
  }

  private boolean writeTimestamp(Object v, JsonGenerator g) throws IOException {
    boolean utc = element == ColumnKind.TIMESTAMPTZ;
    if (v instanceof Timestamp t) {
      if (writeInfinity(t.getTime(), g)) {
        return true;
      }
      if (utc) {
        iso.writeUtcDateTime(g, OffsetDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC));
      } else {
        iso.writeDateTime(g, t.toLocalDateTime());
      }
    } else if (v instanceof OffsetDateTime t) {
      iso.writeUtcDateTime(g, t);
    } else if (v instanceof LocalDateTime t) {
      iso.writeDateTime(g, t);
    } else {
      return false;
    }
    return true;
  }

  /** pgjdbc's markers for PostgreSQL's infinity and -infinity in java.sql dates. */
  private static boolean writeInfinity(long millis, JsonGenerator g) throws IOException {
    if (millis == PGStatement.DATE_POSITIVE_INFINITY) {
      g.writeString(IsoTemporal.INFINITY);
    } else if (millis == PGStatement.DATE_NEGATIVE_INFINITY) {
      g.writeString(IsoTemporal.NEGATIVE_INFINITY);
    } else {
      return false;
    }
    return true;
  }
}
