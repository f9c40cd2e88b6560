package dev.sluice.runtime.sql;

import dev.sluice.spec.ParamType;
import java.sql.Types;
import java.util.Locale;

/** Whether a declared parameter type fits the type the database infers for its placeholder. */
final class ParamTypes {
  private ParamTypes() {}

  static boolean fits(ParamType declared, boolean array, int sqlType, String dbTypeName) {
    String name = dbTypeName == null ? "" : dbTypeName.toLowerCase(Locale.ROOT);
    if (array) {
      // pgjdbc names array types with a leading underscore (_int8); H2 says ARRAY.
      return sqlType == Types.ARRAY || name.startsWith("_") || name.contains("array");
    }
    if (sqlType == Types.ARRAY) {
      return false;
    }
    return switch (declared) {
      case STRING -> isText(sqlType, name) || name.equals("unknown") || name.equals("name");
      case INTEGER ->
          sqlType == Types.BIGINT
              || sqlType == Types.INTEGER
              || sqlType == Types.SMALLINT
              || sqlType == Types.TINYINT
              || isDecimal(sqlType);
      case NUMBER ->
          isDecimal(sqlType)
              || sqlType == Types.BIGINT
              || sqlType == Types.INTEGER
              || sqlType == Types.SMALLINT
              || sqlType == Types.REAL
              || sqlType == Types.DOUBLE
              || sqlType == Types.FLOAT;
      case BOOLEAN -> sqlType == Types.BOOLEAN || sqlType == Types.BIT;
      case UUID -> name.equals("uuid") || isText(sqlType, name);
      case DATE -> sqlType == Types.DATE || isText(sqlType, name);
      case TIMESTAMP ->
          sqlType == Types.TIMESTAMP
              || sqlType == Types.TIMESTAMP_WITH_TIMEZONE
              || sqlType == Types.DATE
              || isText(sqlType, name);
      case JSON -> name.equals("json") || name.equals("jsonb") || isText(sqlType, name);
    };
  }

  private static boolean isText(int sqlType, String name) {
    return sqlType == Types.VARCHAR
        || sqlType == Types.CHAR
        || sqlType == Types.LONGVARCHAR
        || sqlType == Types.NVARCHAR
        || sqlType == Types.CLOB
        || name.equals("text")
        || name.equals("varchar")
        || name.equals("character varying");
  }

  private static boolean isDecimal(int sqlType) {
    return sqlType == Types.NUMERIC || sqlType == Types.DECIMAL;
  }
}
