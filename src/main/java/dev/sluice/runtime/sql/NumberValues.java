package dev.sluice.runtime.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;

/** Writes SQL numbers as JSON, shared by the column writers and the array element writer. */
final class NumberValues {
  /** {@code Number.MAX_SAFE_INTEGER}: 2^53 - 1. */
  static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private NumberValues() {}

  /** An integer; under {@link JsonNumbers#STRING} one outside ±(2^53 - 1) as a string. */
  static void writeLong(JsonGenerator g, long v, JsonNumbers numbers) throws IOException {
    if (numbers == JsonNumbers.STRING && (v > MAX_SAFE_INTEGER || v < -MAX_SAFE_INTEGER)) {
      g.writeString(Long.toString(v));
    } else {
      g.writeNumber(v);
    }
  }

  /** A {@code real}; NaN and infinities, which JSON has no number for, as strings. */
  static void writeFloat(JsonGenerator g, float v) throws IOException {
    if (Float.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeString(nonFinite(v));
    }
  }

  /** A {@code double precision}; NaN and infinities as strings. */
  static void writeDouble(JsonGenerator g, double v) throws IOException {
    if (Double.isFinite(v)) {
      g.writeNumber(v);
    } else {
      g.writeString(nonFinite(v));
    }
  }

  /**
   * A {@code numeric}: its exact digits, as a number or (under {@link JsonNumbers#STRING}) a
   * string. Plain notation ({@code 0.0000001}, not {@code 1E-7}) unless the scale is negative (H2's
   * DECFLOAT {@code 1E+20}), where plain notation could be arbitrarily long.
   */
  static void writeDecimal(JsonGenerator g, BigDecimal v, JsonNumbers numbers) throws IOException {
    String text = v.scale() >= 0 ? v.toPlainString() : v.toString();
    if (numbers == JsonNumbers.STRING) {
      g.writeString(text);
    } else {
      g.writeNumber(text);
    }
  }

  /** Whether a numeric's text is one of PostgreSQL's (and H2 DECFLOAT's) non-numbers. */
  static boolean isSpecialNumeric(String text) {
    return "NaN".equals(text) || "Infinity".equals(text) || "-Infinity".equals(text);
  }

  static String nonFinite(double v) {
    return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
  }
}
