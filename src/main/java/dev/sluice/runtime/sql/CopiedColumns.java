package dev.sluice.runtime.sql;

import java.util.ArrayList;
import java.util.List;

/** Columns copied out of a driver's result, readable after it let go of them (a description). */
record CopiedColumns(List<Column> columns) implements ResultColumns {
  CopiedColumns {
    columns = List.copyOf(columns);
  }

  record Column(String label, String typeName, ColumnKind kind, ColumnKind elementKind) {}

  static CopiedColumns of(ResultColumns c) {
    List<Column> out = new ArrayList<>(c.columnCount());
    for (int i = 1; i <= c.columnCount(); i++) {
      ColumnKind kind = c.kind(i);
      out.add(
          new Column(
              c.label(i),
              c.typeName(i),
              kind,
              kind == ColumnKind.ARRAY ? c.elementKind(i) : ColumnKind.OTHER));
    }
    return new CopiedColumns(out);
  }

  @Override
  public int columnCount() {
    return columns.size();
  }

  @Override
  public String label(int column) {
    return columns.get(column - 1).label();
  }

  @Override
  public String typeName(int column) {
    return columns.get(column - 1).typeName();
  }

  @Override
  public ColumnKind kind(int column) {
    return columns.get(column - 1).kind();
  }

  @Override
  public ColumnKind elementKind(int column) {
    return columns.get(column - 1).elementKind();
  }
}
