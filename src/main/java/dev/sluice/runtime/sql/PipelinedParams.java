package dev.sluice.runtime.sql;

import dev.sluice.spec.ParamType;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.data.Numeric;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The pipelined executor's part of the binding rules, the counterpart of {@link ParamBinder}: the
 * statement's text with each placeholder declaring the type pgjdbc would send for the value ({@code
 * $1::varchar} for string and json, {@code ::int8}, {@code ::numeric}, {@code ::bool}, {@code
 * ::uuid}, {@code ::date}, {@code ::timestamptz}; arrays of {@link ParamBinder#arrayTypeName}), the
 * returned columns as pgjdbc appends them ({@code RETURNING "id", ...}), and the values as the
 * driver's tuple.
 */
final class PipelinedParams {
  private PipelinedParams() {}

  /** The statement as sent. */
  static String sql(StatementPlan plan) {
    List<StatementPlan.Placeholder> ps = plan.placeholders();
    String sql = plan.sql().positionalSql(i -> "::" + typeName(ps.get(i)));
    if (plan.returning().isEmpty()) {
      return sql;
    }
    StringBuilder b = new StringBuilder(sql.stripTrailing());
    while (!b.isEmpty() && b.charAt(b.length() - 1) == ';') {
      b.setLength(b.length() - 1);
    }
    b.append(" RETURNING ");
    for (int i = 0; i < plan.returning().size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      String column = plan.returning().get(i);
      b.append(column.equals("*") ? column : '"' + column.replace("\"", "\"\"") + '"');
    }
    return b.toString();
  }

  /** The type a placeholder declares. */
  static String typeName(StatementPlan.Placeholder p) {
    if (p.array()) {
      return ParamBinder.arrayTypeName(p.type()) + "[]";
    }
    return switch (p.type()) {
      case STRING, JSON -> "varchar";
      case INTEGER -> "int8";
      case NUMBER -> "numeric";
      case BOOLEAN -> "bool";
      case UUID -> "uuid";
      case DATE -> "date";
      case TIMESTAMP -> "timestamptz";
    };
  }

  /** The values, one per placeholder, as the driver takes them. */
  static Tuple tuple(StatementPlan.Placeholder[] placeholders, ParamValue[] values) {
    Tuple t = Tuple.tuple();
    for (int i = 0; i < placeholders.length; i++) {
      t.addValue(value(placeholders[i], values[i]));
    }
    return t;
  }

  private static Object value(StatementPlan.Placeholder p, ParamValue v) {
    if (!(v instanceof ParamValue.Present present)) {
      return null;
    }
    Object value = present.value();
    if (!p.array()) {
      return scalar(p.type(), value);
    }
    if (!(value instanceof List<?> list)) {
      throw new IllegalArgumentException("the value of an array parameter is not a list");
    }
    Object[] out = newArray(p.type(), list.size());
    for (int i = 0; i < out.length; i++) {
      out[i] = scalar(p.type(), list.get(i));
    }
    return out;
  }

  private static Object scalar(ParamType type, Object value) {
    return type == ParamType.NUMBER && value instanceof BigDecimal d ? Numeric.create(d) : value;
  }

  private static Object[] newArray(ParamType type, int n) {
    return switch (type) {
      case STRING, JSON -> new String[n];
      case INTEGER -> new Long[n];
      case NUMBER -> new Numeric[n];
      case BOOLEAN -> new Boolean[n];
      case UUID -> new UUID[n];
      case DATE -> new LocalDate[n];
      case TIMESTAMP -> new OffsetDateTime[n];
    };
  }
}
