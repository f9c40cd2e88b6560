package dev.sluice.runtime.sql;

import java.util.List;

/**
 * A statement as the database describes it without running it ({@code --check-sql}).
 *
 * @param parameters the type the database infers for each placeholder, in order; empty when the
 *     driver cannot tell (H2 calls every parameter it cannot place {@code CHARACTER VARYING})
 * @param columns the result's columns ({@code columnCount()} 0 for a statement without rows, or
 *     when the driver cannot tell before running it)
 */
public record Description(List<ParamTypeInfo> parameters, ResultColumns columns) {
  public Description {
    parameters = List.copyOf(parameters);
  }

  /**
   * A placeholder's type as the database infers it.
   *
   * @param sqlType its {@link java.sql.Types} code
   * @param typeName the database's name for it
   */
  public record ParamTypeInfo(int sqlType, String typeName) {}

  /** The columns of a statement without rows. */
  static final ResultColumns NO_COLUMNS = new CopiedColumns(List.of());
}
