package dev.sluice.runtime.sql;

import dev.sluice.spec.ParamType;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;

/**
 * Binds a {@link ParamValue} to a {@code ?} of a {@link PreparedStatement}, with the JDBC type of
 * its {@link ParamType}: the JDBC executor's part of the binding rules (which Java class each
 * type's value has is {@link ParamValue}'s). The same calls work on the PostgreSQL driver and on
 * H2.
 *
 * <table>
 *   <caption>Types</caption>
 *   <tr><th>type</th><th>binds as</th><th>array element type</th></tr>
 *   <tr><td>string</td><td>{@code setString}</td><td>{@code text}</td></tr>
 *   <tr><td>integer</td><td>{@code setLong}</td><td>{@code bigint}</td></tr>
 *   <tr><td>number</td><td>{@code setBigDecimal}</td><td>{@code numeric}</td></tr>
 *   <tr><td>boolean</td><td>{@code setBoolean}</td><td>{@code boolean}</td></tr>
 *   <tr><td>uuid</td><td>{@code setObject(UUID)}</td><td>{@code uuid}</td></tr>
 *   <tr><td>date</td><td>{@code setObject(LocalDate)}</td><td>{@code date}</td></tr>
 *   <tr><td>timestamp</td><td>{@code setObject(OffsetDateTime)}</td><td>{@code timestamptz}</td></tr>
 *   <tr><td>json</td><td>{@code setString} (JSON text)</td><td>{@code text}</td></tr>
 * </table>
 *
 * <p>A json parameter is text to the database: the SQL converts it where it needs JSON. On
 * PostgreSQL write {@code CAST(:doc AS jsonb)} or {@code :doc::jsonb} (an array: {@code
 * :docs::jsonb[]}); on H2 write {@code :doc FORMAT JSON}, because H2 reads {@code CAST(:doc AS
 * JSON)} as one JSON string. An absent value binds SQL {@code NULL} of the parameter's type (an
 * array, {@code NULL} of {@code Types.ARRAY}, so {@code = ANY(:ids)} matches nothing). An array is
 * bound with {@code createArrayOf} and the element type above, for {@code = ANY(:ids)}.
 */
public final class ParamBinder {
  private ParamBinder() {}

  /**
   * Binds one value.
   *
   * @param index the placeholder's position, from 1
   * @throws SQLException if the driver refuses the value
   * @throws IllegalArgumentException if the value is not of the type (a bug, not a bad request)
   */
  public static void bind(
      PreparedStatement ps, int index, ParamType type, boolean array, ParamValue value)
      throws SQLException {
    Objects.requireNonNull(type, "type");
    switch (value) {
      case ParamValue.Absent absent -> {
        if (array) {
          ps.setNull(index, Types.ARRAY);
        } else {
          ps.setNull(index, sqlType(type));
        }
      }
      case ParamValue.Present present when array -> {
        if (!(present.value() instanceof List<?> list)) {
          throw new IllegalArgumentException(
              "the value for placeholder " + index + " is not a list");
        }
        Object[] elements = list.toArray(new Object[0]);
        for (Object e : elements) {
          requireJavaType(type, index, e);
        }
        Array sqlArray = ps.getConnection().createArrayOf(arrayTypeName(type), elements);
        ps.setArray(index, sqlArray);
      }
      case ParamValue.Present present -> {
        Object v = present.value();
        requireJavaType(type, index, v);
        switch (type) {
          case STRING, JSON -> ps.setString(index, (String) v);
          case INTEGER -> ps.setLong(index, (Long) v);
          case NUMBER -> ps.setBigDecimal(index, (BigDecimal) v);
          case BOOLEAN -> ps.setBoolean(index, (Boolean) v);
          case UUID, DATE, TIMESTAMP -> ps.setObject(index, v);
        }
      }
    }
  }

  /** The {@link Types} constant a value of the type binds as. */
  static int sqlType(ParamType type) {
    return switch (type) {
      case STRING, JSON -> Types.VARCHAR;
      case INTEGER -> Types.BIGINT;
      case NUMBER -> Types.NUMERIC;
      case BOOLEAN -> Types.BOOLEAN;
      case UUID -> Types.OTHER;
      case DATE -> Types.DATE;
      case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
    };
  }

  /** The element type name for {@code createArrayOf}, understood by PostgreSQL and H2. */
  static String arrayTypeName(ParamType type) {
    return switch (type) {
      case STRING, JSON -> "text";
      case INTEGER -> "bigint";
      case NUMBER -> "numeric";
      case BOOLEAN -> "boolean";
      case UUID -> "uuid";
      case DATE -> "date";
      case TIMESTAMP -> "timestamptz";
    };
  }

  private static void requireJavaType(ParamType type, int index, Object v) {
    Class<?> expected =
        switch (type) {
          case STRING, JSON -> String.class;
          case INTEGER -> Long.class;
          case NUMBER -> BigDecimal.class;
          case BOOLEAN -> Boolean.class;
          case UUID -> java.util.UUID.class;
          case DATE -> java.time.LocalDate.class;
          case TIMESTAMP -> java.time.OffsetDateTime.class;
        };
    if (!expected.isInstance(v)) {
      throw new IllegalArgumentException(
          "the value for placeholder " + index + " is not of type " + type.yamlName());
    }
  }
}
