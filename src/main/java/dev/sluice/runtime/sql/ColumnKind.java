package dev.sluice.runtime.sql;

import java.sql.Types;
import java.util.Map;

/**
 * What a column (or an array's element) is, for JSON: decided once per column from the driver's
 * type name and {@link Types} code (JDBC's codes, which Vert.x's column descriptors report too),
 * because pgjdbc and H2 disagree on the codes (pgjdbc: uuid and json are {@code OTHER}, timestamptz
 * is {@code TIMESTAMP}; H2: UUID is {@code BINARY}).
 */
public enum ColumnKind {
  INT,
  BIGINT,
  REAL,
  DOUBLE,
  NUMERIC,
  BOOLEAN,
  TEXT,
  UUID,
  DATE,
  TIME,
  TIMETZ,
  TIMESTAMP,
  TIMESTAMPTZ,
  JSON,
  BINARY,
  ARRAY,
  /** Written as the driver's {@code getString} text. */
  OTHER;

  /** Type names of PostgreSQL (pgjdbc) and H2, lower case and without precision. */
  private static final Map<String, ColumnKind> NAMES =
      Map.ofEntries(
          Map.entry("int2", INT),
          Map.entry("int4", INT),
          Map.entry("smallint", INT),
          Map.entry("integer", INT),
          Map.entry("tinyint", INT),
          Map.entry("int8", BIGINT),
          Map.entry("bigint", BIGINT),
          Map.entry("oid", BIGINT),
          Map.entry("float4", REAL),
          Map.entry("real", REAL),
          Map.entry("float8", DOUBLE),
          Map.entry("double precision", DOUBLE),
          Map.entry("numeric", NUMERIC),
          Map.entry("decimal", NUMERIC),
          Map.entry("decfloat", NUMERIC),
          Map.entry("bool", BOOLEAN),
          Map.entry("boolean", BOOLEAN),
          Map.entry("text", TEXT),
          Map.entry("varchar", TEXT),
          Map.entry("bpchar", TEXT),
          Map.entry("char", TEXT),
          Map.entry("name", TEXT),
          Map.entry("character", TEXT),
          Map.entry("character varying", TEXT),
          Map.entry("character large object", TEXT),
          Map.entry("varchar_ignorecase", TEXT),
          Map.entry("uuid", UUID),
          Map.entry("date", DATE),
          Map.entry("time", TIME),
          Map.entry("time without time zone", TIME),
          Map.entry("timetz", TIMETZ),
          Map.entry("time with time zone", TIMETZ),
          Map.entry("timestamp", TIMESTAMP),
          Map.entry("timestamp without time zone", TIMESTAMP),
          Map.entry("timestamptz", TIMESTAMPTZ),
          Map.entry("timestamp with time zone", TIMESTAMPTZ),
          Map.entry("json", JSON),
          Map.entry("jsonb", JSON),
          Map.entry("bytea", BINARY),
          Map.entry("binary", BINARY),
          Map.entry("binary varying", BINARY),
          Map.entry("binary large object", BINARY),
          // pgjdbc reports these as DOUBLE and BIT; their values are not numbers or booleans.
          Map.entry("money", OTHER),
          Map.entry("bit", OTHER),
          Map.entry("varbit", OTHER));

  /** Whether values of the kind are dates or times (written through an {@link IsoTemporal}). */
  boolean temporal() {
    return switch (this) {
      case DATE, TIME, TIMETZ, TIMESTAMP, TIMESTAMPTZ -> true;
      default -> false;
    };
  }

  /** The kind of a result column. */
  public static ColumnKind of(int jdbcType, String typeName) {
    if (jdbcType == Types.ARRAY) {
      return ARRAY;
    }
    ColumnKind named = NAMES.get(normalize(typeName));
    return named != null ? named : ofJdbcType(jdbcType);
  }

  /**
   * The kind of an array column's elements, from the column's type name: pgjdbc's {@code _int4},
   * H2's {@code INTEGER ARRAY} or {@code TIMESTAMP(6) WITH TIME ZONE ARRAY ARRAY}.
   */
  public static ColumnKind ofArrayElements(String arrayTypeName) {
    String name = normalize(arrayTypeName);
    if (name.startsWith("_")) {
      name = name.substring(1);
    }
    while (name.endsWith(" array")) {
      name = name.substring(0, name.length() - " array".length());
    }
    return NAMES.getOrDefault(name, OTHER);
  }

  private static ColumnKind ofJdbcType(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> INT;
      case Types.BIGINT -> BIGINT;
      case Types.REAL -> REAL;
      case Types.FLOAT, Types.DOUBLE -> DOUBLE;
      case Types.NUMERIC, Types.DECIMAL -> NUMERIC;
      case Types.BIT, Types.BOOLEAN -> BOOLEAN;
      case Types.CHAR,
          Types.VARCHAR,
          Types.LONGVARCHAR,
          Types.NCHAR,
          Types.NVARCHAR,
          Types.LONGNVARCHAR,
          Types.CLOB,
          Types.NCLOB ->
          TEXT;
      case Types.DATE -> DATE;
      case Types.TIME -> TIME;
      case Types.TIME_WITH_TIMEZONE -> TIMETZ;
      case Types.TIMESTAMP -> TIMESTAMP;
      case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMPTZ;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> BINARY;
      default -> OTHER;
    };
  }

  /**
   * Lower case, without precision, length or cardinality: H2's {@code TIMESTAMP(6) WITH TIME ZONE}
   * and {@code INTEGER ARRAY[2] ARRAY} become {@code timestamp with time zone} and {@code integer
   * array array}.
   */
  private static String normalize(String typeName) {
    if (typeName == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(typeName.length());
    int nesting = 0;
    for (int i = 0; i < typeName.length(); i++) {
      char c = typeName.charAt(i);
      if (c == '(' || c == '[') {
        nesting++;
      } else if ((c == ')' || c == ']') && nesting > 0) {
        nesting--;
      } else if (nesting == 0) {
        boolean space = Character.isWhitespace(c);
        if (!space || (!b.isEmpty() && b.charAt(b.length() - 1) != ' ')) {
          b.append(space ? ' ' : Character.toLowerCase(c));
        }
      }
    }
    return b.toString().trim();
  }
}
