package dev.sluice.runtime.sql;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.data.Interval;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import io.vertx.sqlclient.desc.ColumnDescriptor;
import java.lang.reflect.Array;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.List;

/**
 * {@link ResultRows} over the pipelined driver's decoded rows, read by the same row writers as
 * JDBC's: the driver's values (binary protocol) are turned into what the reads promise — numbers,
 * {@code BigDecimal} or a non-number's name for numeric, {@code java.time} values (infinity as
 * {@code MAX}/{@code MIN}), bytes for bytea, JSON text for json and jsonb (re-encoded from the
 * driver's decoding: the same JSON, whitespace and number spelling may differ from the database's
 * text), and PostgreSQL's text form for the other types it decodes (interval).
 */
final class PipelinedRows implements ResultRows {
  private final RowIterator<Row> rows;
  private final List<ColumnDescriptor> columns;
  private final ColumnKind[] kinds;
  private Row row;
  private boolean wasNull;

  PipelinedRows(RowSet<Row> set) {
    this.rows = set.iterator();
    this.columns = set.columnDescriptors() == null ? List.of() : set.columnDescriptors();
    this.kinds = new ColumnKind[columns.size()];
    for (int i = 0; i < kinds.length; i++) {
      ColumnDescriptor d = columns.get(i);
      // by PostgreSQL's type name alone: the driver's JDBC codes are loose (interval is DATE)
      kinds[i] = d.isArray() ? ColumnKind.ARRAY : ColumnKind.of(Types.OTHER, pgTypeName(d));
    }
  }

  /** The type's name in PostgreSQL's spelling ({@code int4}, {@code _text}), lower case. */
  private static String pgTypeName(ColumnDescriptor d) {
    String n = d.typeName() == null ? "" : d.typeName().toLowerCase(java.util.Locale.ROOT);
    if (n.endsWith("_array")) {
      return "_" + n.substring(0, n.length() - "_array".length());
    }
    return n;
  }

  @Override
  public int columnCount() {
    return columns.size();
  }

  @Override
  public String label(int column) {
    return columns.get(column - 1).name();
  }

  @Override
  public String typeName(int column) {
    return pgTypeName(columns.get(column - 1));
  }

  @Override
  public ColumnKind kind(int column) {
    return kinds[column - 1];
  }

  @Override
  public ColumnKind elementKind(int column) {
    return ColumnKind.ofArrayElements(typeName(column));
  }

  @Override
  public boolean next() {
    if (!rows.hasNext()) {
      row = null;
      return false;
    }
    row = rows.next();
    return true;
  }

  @Override
  public boolean wasNull() {
    return wasNull;
  }

  private Object value(int column) {
    Object v = row.getValue(column - 1);
    wasNull = v == null;
    return v;
  }

  private Number number(int column) {
    Object v = value(column);
    return v == null ? 0 : (Number) v;
  }

  @Override
  public int intValue(int column) {
    return number(column).intValue();
  }

  @Override
  public long longValue(int column) {
    return number(column).longValue();
  }

  @Override
  public float floatValue(int column) {
    return number(column).floatValue();
  }

  @Override
  public double doubleValue(int column) {
    return number(column).doubleValue();
  }

  @Override
  public boolean booleanValue(int column) {
    Object v = value(column);
    return v != null && (Boolean) v;
  }

  @Override
  public Object numeric(int column) {
    return numeric(value(column));
  }

  private static Object numeric(Object v) {
    return switch (v) {
      case null -> null;
      case Numeric n when n.isNaN() -> "NaN";
      case Numeric n -> {
        try {
          yield n.bigDecimalValue();
        } catch (NumberFormatException e) {
          yield n.toString(); // Infinity, -Infinity
        }
      }
      case Double d when d.isInfinite() -> d > 0 ? "Infinity" : "-Infinity";
      case Double d when d.isNaN() -> "NaN";
      case Number n -> new java.math.BigDecimal(n.toString());
      default -> v.toString();
    };
  }

  @Override
  public String text(int column) {
    Object v = value(column);
    return kinds[column - 1] == ColumnKind.JSON ? json(v) : text(v);
  }

  /** A value's text: PostgreSQL's form for the types the driver decodes into objects. */
  private static String text(Object v) {
    return switch (v) {
      case null -> null;
      case String s -> s;
      case Interval i -> PipelinedText.interval(i);
      case Buffer b -> b.toString(java.nio.charset.StandardCharsets.UTF_8);
      default -> PipelinedText.of(v);
    };
  }

  /** JSON text of a json value as the driver decoded it. */
  @SuppressWarnings("ReferenceEquality") // the driver's JSON null is one sentinel object
  private static String json(Object v) {
    if (v == null) {
      return null;
    }
    if (v == Tuple.JSON_NULL) {
      return "null";
    }
    return switch (v) {
      case JsonObject o -> o.encode();
      case JsonArray a -> a.encode();
      default -> Json.encode(v);
    };
  }

  @Override
  public byte[] bytes(int column) {
    Object v = value(column);
    return v == null ? null : ((Buffer) v).getBytes();
  }

  @Override
  public LocalDate date(int column) {
    return (LocalDate) value(column);
  }

  @Override
  public LocalTime time(int column) {
    return (LocalTime) value(column);
  }

  @Override
  public OffsetTime timeWithZone(int column) {
    return (OffsetTime) value(column);
  }

  @Override
  public LocalDateTime timestamp(int column) {
    return (LocalDateTime) value(column);
  }

  @Override
  public OffsetDateTime timestampWithZone(int column) {
    return infinite((OffsetDateTime) value(column));
  }

  /** PostgreSQL's ±infinity (±2^63 µs from 2000) as the driver leaves a timestamptz of it. */
  private static final OffsetDateTime PG_EPOCH =
      OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, java.time.ZoneOffset.UTC);

  private static final OffsetDateTime MINUS_INFINITY =
      PG_EPOCH.plus(Long.MIN_VALUE, java.time.temporal.ChronoUnit.MICROS);
  private static final OffsetDateTime PLUS_INFINITY =
      PG_EPOCH.plus(Long.MAX_VALUE, java.time.temporal.ChronoUnit.MICROS);

  private static OffsetDateTime infinite(OffsetDateTime t) {
    if (t == null) {
      return null;
    }
    if (t.isEqual(MINUS_INFINITY)) {
      return OffsetDateTime.MIN;
    }
    return t.isEqual(PLUS_INFINITY) ? OffsetDateTime.MAX : t;
  }

  @Override
  public Object[] array(int column, ColumnKind element) {
    Object v = value(column);
    if (v == null) {
      return null;
    }
    return elements(v, element);
  }

  private static Object[] elements(Object array, ColumnKind element) {
    int n = Array.getLength(array);
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      Object e = Array.get(array, i);
      out[i] =
          e == null
              ? null
              : e.getClass().isArray() && !(e instanceof byte[])
                  ? elements(e, element)
                  : element(e, element);
    }
    return out;
  }

  private static Object element(Object e, ColumnKind element) {
    return switch (element) {
      case NUMERIC -> numeric(e);
      case BINARY -> e instanceof Buffer b ? b.getBytes() : e;
      case JSON -> json(e);
      case TEXT, UUID, OTHER -> text(e);
      case TIMESTAMPTZ -> e instanceof OffsetDateTime t ? infinite(t) : e;
      default -> e;
    };
  }
}
