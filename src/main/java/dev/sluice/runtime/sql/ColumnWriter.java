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
 * Writes one column of the current row as a JSON value. Chosen once per column (by {@link
 * RowWriter#of}), so a row is a loop over an array of writers with no per-cell type decisions.
 * Writers hold no state: {@code iso} is the buffer of the one thread writing this result.
 */
@FunctionalInterface
interface ColumnWriter {
  void write(ResultRows rows, int column, JsonGenerator g, IsoTemporal iso) throws IOException;

  /** The writer for a column of this kind (and, for arrays, elements of that kind). */
  static ColumnWriter of(ColumnKind kind, ColumnKind element, JsonNumbers numbers) {
    return switch (kind) {
      case INT ->
          (rows, c, g, iso) -> {
            int v = rows.intValue(c);
            if (v == 0 && rows.wasNull()) {
              g.writeNull();
            } else {
              g.writeNumber(v);
            }
          };
      case BIGINT ->
          (rows, c, g, iso) -> {
            long v = rows.longValue(c);
            if (v == 0 && rows.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeLong(g, v, numbers);
            }
          };
      case REAL ->
          (rows, c, g, iso) -> {
            float v = rows.floatValue(c);
            if (v == 0 && rows.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeFloat(g, v);
            }
          };
      case DOUBLE ->
          (rows, c, g, iso) -> {
            double v = rows.doubleValue(c);
            if (v == 0 && rows.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeDouble(g, v);
            }
          };
      case NUMERIC -> (rows, c, g, iso) -> writeNumeric(rows.numeric(c), g, numbers);
      case BOOLEAN ->
          (rows, c, g, iso) -> {
            boolean v = rows.booleanValue(c);
            if (!v && rows.wasNull()) {
              g.writeNull();
            } else {
              g.writeBoolean(v);
            }
          };
      case DATE ->
          (rows, c, g, iso) -> {
            LocalDate v = rows.date(c);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeDate(g, v);
            }
          };
      case TIME ->
          (rows, c, g, iso) -> {
            LocalTime v = rows.time(c);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeTime(g, v);
            }
          };
      case TIMETZ ->
          (rows, c, g, iso) -> {
            OffsetTime v = rows.timeWithZone(c);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeUtcTime(g, v);
            }
          };
      case TIMESTAMP ->
          (rows, c, g, iso) -> {
            LocalDateTime v = rows.timestamp(c);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeDateTime(g, v);
            }
          };
      case TIMESTAMPTZ ->
          (rows, c, g, iso) -> {
            OffsetDateTime v = rows.timestampWithZone(c);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeUtcDateTime(g, v);
            }
          };
      case JSON ->
          (rows, c, g, iso) -> {
            // json/jsonb (and H2's JSON) hold valid JSON by construction: copied, not re-parsed.
            String v = rows.text(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeRawValue(v);
            }
          };
      case BINARY ->
          (rows, c, g, iso) -> {
            byte[] v = rows.bytes(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeBinary(v);
            }
          };
      case ARRAY -> new ArrayColumnWriter(element, numbers);
      case TEXT, UUID, OTHER ->
          (rows, c, g, iso) -> {
            String v = rows.text(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeString(v);
            }
          };
    };
  }

  /** A numeric read: its digits, a non-number's name as a string, or null. */
  static void writeNumeric(Object v, JsonGenerator g, JsonNumbers numbers) throws IOException {
    switch (v) {
      case null -> g.writeNull();
      case BigDecimal d -> NumberValues.writeDecimal(g, d, numbers);
      default -> g.writeString(v.toString());
    }
  }
}
