package dev.sluice.runtime.sql;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;

/**
 * {@link ResultRows} over a JDBC {@link ResultSet} (pgjdbc and H2): each read is the matching
 * getter, and a driver's {@code SQLException} becomes a {@link SqlFailure}. Two reads have more to
 * them: a numeric NaN or ±Infinity, which the drivers refuse as a {@code BigDecimal}, is read as
 * text; an array's elements are turned from the drivers' classes into {@code java.time} and the
 * other neutral ones ({@link JdbcArrays}).
 */
final class JdbcRows extends JdbcColumns implements ResultRows {
  private final ResultSet rs;

  JdbcRows(ResultSet rs) throws SQLException {
    super(rs.getMetaData());
    this.rs = rs;
  }

  @Override
  public boolean next() {
    try {
      return rs.next();
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public boolean wasNull() {
    try {
      return rs.wasNull();
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public int intValue(int column) {
    try {
      return rs.getInt(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public long longValue(int column) {
    try {
      return rs.getLong(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public float floatValue(int column) {
    try {
      return rs.getFloat(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public double doubleValue(int column) {
    try {
      return rs.getDouble(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public boolean booleanValue(int column) {
    try {
      return rs.getBoolean(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public Object numeric(int column) {
    try {
      return rs.getBigDecimal(column);
    } catch (SQLException e) {
      // pgjdbc (numeric NaN, ±Infinity) and H2 (DECFLOAT) refuse a BigDecimal for non-numbers.
      String text = text(column);
      if (NumberValues.isSpecialNumeric(text)) {
        return text;
      }
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public String text(int column) {
    try {
      return rs.getString(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public byte[] bytes(int column) {
    try {
      return rs.getBytes(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public LocalDate date(int column) {
    return object(column, LocalDate.class);
  }

  @Override
  public LocalTime time(int column) {
    return object(column, LocalTime.class);
  }

  @Override
  public OffsetTime timeWithZone(int column) {
    return object(column, OffsetTime.class);
  }

  @Override
  public LocalDateTime timestamp(int column) {
    return object(column, LocalDateTime.class);
  }

  @Override
  public OffsetDateTime timestampWithZone(int column) {
    return object(column, OffsetDateTime.class);
  }

  private <T> T object(int column, Class<T> type) {
    try {
      return rs.getObject(column, type);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public Object[] array(int column, ColumnKind element) {
    try {
      Array a = rs.getArray(column);
      if (a == null) {
        return null;
      }
      try {
        Object items;
        try {
          items = a.getArray();
        } catch (SQLException e) {
          Object[] parsed =
              element == ColumnKind.NUMERIC ? NumericArrayText.parse(text(column)) : null;
          if (parsed != null) {
            return parsed;
          }
          throw e;
        }
        return JdbcArrays.elements(items, element);
      } finally {
        a.free();
      }
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }
}
