package dev.sluice.runtime.sql;

/**
 * How numbers that JavaScript cannot hold exactly are written.
 *
 * <p>A JavaScript number is an IEEE 754 double: integers are exact only up to 2<sup>53</sup> - 1
 * ({@code Number.MAX_SAFE_INTEGER}) and decimals are rounded to binary fractions.
 */
public enum JsonNumbers {
  /** The default: every number stays a JSON number, written with all its digits. */
  NUMBER,
  /**
   * {@code bigint} values outside ±(2<sup>53</sup> - 1) and every {@code numeric}/{@code decimal}
   * become JSON strings of their plain digits ({@code "9007199254740993"}, {@code "0.10"}), so a
   * JavaScript client cannot round them silently.
   */
  STRING
}
