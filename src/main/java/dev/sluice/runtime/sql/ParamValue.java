package dev.sluice.runtime.sql;

import java.util.List;
import java.util.Objects;

/**
 * The value of one parameter for one request, converted to its type and checked against its rules.
 *
 * <p>A {@link Present} value is one of {@code String} (types {@code string} and {@code json}, the
 * latter holding JSON text), {@code Long}, {@code java.math.BigDecimal}, {@code Boolean}, {@code
 * java.util.UUID}, {@code java.time.LocalDate} or {@code java.time.OffsetDateTime}; for an array
 * parameter it is an unmodifiable {@code List} of those. {@link Absent} is a missing parameter
 * without a default: it binds SQL {@code NULL}.
 */
public sealed interface ParamValue {

  /** The value that binds SQL {@code NULL}. */
  static ParamValue absent() {
    return Absent.INSTANCE;
  }

  /** A present value (a list for an array parameter). */
  static ParamValue of(Object value) {
    return new Present(value);
  }

  /** A value the request gave, or the parameter's default. */
  record Present(Object value) implements ParamValue {
    public Present {
      Objects.requireNonNull(value, "value");
      if (value instanceof List<?> list) {
        value = List.copyOf(list);
      }
    }
  }

  /** No value and no default. */
  record Absent() implements ParamValue {
    private static final Absent INSTANCE = new Absent();
  }
}
