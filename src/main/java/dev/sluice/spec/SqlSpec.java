package dev.sluice.spec;

import dev.sluice.sqltext.NamedSql;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route's {@code sql:} block.
 *
 * <pre>
 * sql:
 *   datasource: main
 *   query: SELECT id, name, email, created_at FROM users WHERE id = :id
 *   result: one          # one → object or 404; many → array; none → 204
 * </pre>
 *
 * @param sql the statement parsed: {@code :name} parameters replaced by JDBC placeholders
 * @param returning columns to return from an INSERT/UPDATE (JDBC generated keys: RETURNING on
 *     PostgreSQL, generated keys on H2); empty for plain statements
 * @param timeout overrides the datasource's statement timeout for this route
 * @param numbersAsStrings write bigint beyond 2^53 and numeric values as JSON strings
 * @param notFoundWhenEmpty for {@code result: none}, answer 404 when no row was affected
 */
public record SqlSpec(
    String datasource,
    NamedSql sql,
    Result result,
    int status,
    List<String> returning,
    int maxRows,
    Optional<Duration> timeout,
    boolean numbersAsStrings,
    boolean notFoundWhenEmpty,
    Origin queryOrigin,
    Origin datasourceOrigin,
    Origin timeoutOrigin)
    implements HandlerSpec {

  /** What a statement's rows become. */
  public enum Result {
    ONE,
    MANY,
    NONE
  }

  public static final int DEFAULT_MAX_ROWS = 1000;

  public SqlSpec {
    Objects.requireNonNull(sql, "sql");
    returning = List.copyOf(returning);
  }
}
