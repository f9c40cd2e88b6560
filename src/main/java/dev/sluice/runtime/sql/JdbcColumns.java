package dev.sluice.runtime.sql;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** {@link ResultColumns} read from JDBC's {@link ResultSetMetaData}. */
class JdbcColumns implements ResultColumns {
  private final ResultSetMetaData md;

  JdbcColumns(ResultSetMetaData md) {
    this.md = md;
  }

  @Override
  public int columnCount() {
    try {
      return md.getColumnCount();
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public String label(int column) {
    try {
      return md.getColumnLabel(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public String typeName(int column) {
    try {
      return md.getColumnTypeName(column);
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public ColumnKind kind(int column) {
    try {
      return ColumnKind.of(md.getColumnType(column), md.getColumnTypeName(column));
    } catch (SQLException e) {
      throw JdbcFailures.of(e);
    }
  }

  @Override
  public ColumnKind elementKind(int column) {
    return ColumnKind.ofArrayElements(typeName(column));
  }
}
