package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * Writes an array column as a JSON array whose elements follow the column rules, by the element
 * kind decided once from the column's type. Nested arrays become nested JSON arrays. Elements come
 * as {@link ResultRows#array} hands them out, already in {@code java.time} and the other neutral
 * classes (the driver converts its own); one of a class the kind does not expect is written as its
 * text.
 */
final class ArrayColumnWriter implements ColumnWriter {
  private final ColumnKind element;
  private final JsonNumbers numbers;

  ArrayColumnWriter(ColumnKind element, JsonNumbers numbers) {
    this.element = element;
    this.numbers = numbers;
  }

  @Override
  public void write(ResultRows rows, int column, JsonGenerator g, IsoTemporal iso)
      throws IOException {
    Object[] items = rows.array(column, element);
    if (items == null) {
      g.writeNull();
    } else {
      writeArray(items, g, iso);
    }
  }

  private void writeArray(Object[] items, JsonGenerator g, IsoTemporal iso) throws IOException {
    g.writeStartArray();
    for (Object item : items) {
      if (item == null) {
        g.writeNull();
      } else if (item instanceof Object[] nested) {
        writeArray(nested, g, iso);
      } else if (!writeTyped(item, g, iso)) {
        g.writeString(item.toString());
      }
    }
    g.writeEndArray();
  }

  /** Writes v by the element kind; false when v is not of a class the kind expects. */
  private boolean writeTyped(Object v, JsonGenerator g, IsoTemporal iso) throws IOException {
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
      }
      case BOOLEAN -> {
        if (v instanceof Boolean b) {
          g.writeBoolean(b);
          return true;
        }
      }
      case DATE -> {
        if (v instanceof LocalDate d) {
          iso.writeDate(g, d);
          return true;
        }
      }
      case TIME -> {
        if (v instanceof LocalTime t) {
          iso.writeTime(g, t);
          return true;
        }
      }
      case TIMETZ -> {
        if (v instanceof OffsetTime t) {
          iso.writeUtcTime(g, t);
          return true;
        }
      }
      case TIMESTAMP, TIMESTAMPTZ -> {
        if (v instanceof OffsetDateTime t) {
          iso.writeUtcDateTime(g, t);
          return true;
        }
        if (v instanceof LocalDateTime t) {
          iso.writeDateTime(g, t);
          return true;
        }
      }
      case JSON -> {
        if (v instanceof String s) {
          g.writeRawValue(s);
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
}
