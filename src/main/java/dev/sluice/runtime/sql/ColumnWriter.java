package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * Writes one column of the current row as a JSON value. Chosen once per column (by {@link
 * RowWriter#of}), so a row is a loop over an array of writers with no per-cell type decisions.
 */
@FunctionalInterface
interface ColumnWriter {
  void write(ResultSet rs, int column, JsonGenerator g) throws SQLException, IOException;

  /** The writer for a column of this kind and driver type name (for an array's elements). */
  static ColumnWriter of(ColumnKind kind, String typeName, JsonNumbers numbers, IsoTemporal iso) {
    return switch (kind) {
      case INT ->
          (rs, c, g) -> {
            int v = rs.getInt(c);
            if (v == 0 && rs.wasNull()) {
              g.writeNull();
            } else {
              g.writeNumber(v);
            }
          };
      case BIGINT ->
          (rs, c, g) -> {
            long v = rs.getLong(c);
            if (v == 0 && rs.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeLong(g, v, numbers);
            }
          };
      case REAL ->
          (rs, c, g) -> {
            float v = rs.getFloat(c);
            if (v == 0 && rs.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeFloat(g, v);
            }
          };
      case DOUBLE ->
          (rs, c, g) -> {
            double v = rs.getDouble(c);
            if (v == 0 && rs.wasNull()) {
              g.writeNull();
            } else {
              NumberValues.writeDouble(g, v);
            }
          };
      case NUMERIC -> (rs, c, g) -> writeNumeric(rs, c, g, numbers);
      case BOOLEAN ->
          (rs, c, g) -> {
            boolean v = rs.getBoolean(c);
            if (!v && rs.wasNull()) {
              g.writeNull();
            } else {
              g.writeBoolean(v);
            }
          };
      case DATE ->
          (rs, c, g) -> {
            LocalDate v = rs.getObject(c, LocalDate.class);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeDate(g, v);
            }
          };
      case TIME ->
          (rs, c, g) -> {
            LocalTime v = rs.getObject(c, LocalTime.class);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeTime(g, v);
            }
          };
      case TIMETZ ->
          (rs, c, g) -> {
            OffsetTime v = rs.getObject(c, OffsetTime.class);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeUtcTime(g, v);
            }
          };
      case TIMESTAMP ->
          (rs, c, g) -> {
            LocalDateTime v = rs.getObject(c, LocalDateTime.class);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeDateTime(g, v);
            }
          };
      case TIMESTAMPTZ ->
          (rs, c, g) -> {
            OffsetDateTime v = rs.getObject(c, OffsetDateTime.class);
            if (v == null) {
              g.writeNull();
            } else {
              iso.writeUtcDateTime(g, v);
            }
          };
      case JSON ->
          (rs, c, g) -> {
            // json/jsonb (and H2's JSON) hold valid JSON by construction: copied, not re-parsed.
            String v = rs.getString(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeRawValue(v);
            }
          };
      case BINARY ->
          (rs, c, g) -> {
            byte[] v = rs.getBytes(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeBinary(v);
            }
          };
      case ARRAY -> new ArrayColumnWriter(ColumnKind.ofArrayElements(typeName), numbers, iso);
      case TEXT, UUID, OTHER ->
          (rs, c, g) -> {
            String v = rs.getString(c);
            if (v == null) {
              g.writeNull();
            } else {
              g.writeString(v);
            }
          };
    };
  }

  private static void writeNumeric(ResultSet rs, int c, JsonGenerator g, JsonNumbers numbers)
      throws SQLException, IOException {
    BigDecimal v;
    try {
      v = rs.getBigDecimal(c);
    } catch (SQLException e) {
      // pgjdbc (numeric NaN, ±Infinity) and H2 (DECFLOAT) refuse a BigDecimal for non-numbers.
      String text = rs.getString(c);
      if (NumberValues.isSpecialNumeric(text)) {
        g.writeString(text);
        return;
      }
      throw e;
    }
    if (v == null) {
      g.writeNull();
    } else {
      NumberValues.writeDecimal(g, v, numbers);
    }
  }
}
