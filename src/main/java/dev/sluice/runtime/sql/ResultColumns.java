package dev.sluice.runtime.sql;

/**
 * The columns of a statement's result as the row writers see them, whatever the driver (columns
 * counted from 1). A {@link RowWriter} is built from them once and kept while {@link
 * RowWriter#fits} says a later result has the same labels and types.
 */
public interface ResultColumns {
  int columnCount();

  /** The column's label: its JSON key. */
  String label(int column);

  /**
   * The driver's name of the column's type ({@code int4}, {@code _text}, {@code CHARACTER
   * VARYING}): with the label, what tells a cached writer that a result still has its shape.
   */
  String typeName(int column);

  /** What the column is, for JSON. */
  ColumnKind kind(int column);

  /** For an {@link ColumnKind#ARRAY} column, what its elements are. */
  ColumnKind elementKind(int column);
}
