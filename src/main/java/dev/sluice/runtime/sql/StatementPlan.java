package dev.sluice.runtime.sql;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.telemetry.QueryTimer;
import dev.sluice.runtime.telemetry.SqlTracing;
import dev.sluice.spec.ParamType;
import dev.sluice.sqltext.NamedSql;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one SQL route runs, decided when the route is built, in terms every driver understands: the
 * parsed statement, the declared type of each placeholder (in placeholder order), the columns to
 * return from a write, whether the outcome is rows or a count, how many rows to fetch, the route's
 * own timeout, and the statement's span and timer. A {@link StatementExecutor} prepares its own
 * form of it once ({@link StatementExecutor#prepare}).
 *
 * @param sql the statement, {@code :name} parameters parsed out
 * @param placeholders the type of the value bound to each placeholder, in placeholder order
 * @param returning the columns a write returns (RETURNING, or JDBC generated keys); empty for none
 * @param rows whether the outcome is rows ({@link Outcome#rows}) rather than a count of changed
 *     rows
 * @param fetchLimit the most rows to fetch (0: all of them)
 * @param timeout the route's statement timeout, when shorter than the datasource's
 * @param tracing the statement's CLIENT span
 * @param timer the statement's {@code sluice_db_query_duration_seconds}
 */
public record StatementPlan(
    NamedSql sql,
    List<Placeholder> placeholders,
    List<String> returning,
    boolean rows,
    int fetchLimit,
    Optional<Duration> timeout,
    SqlTracing tracing,
    QueryTimer timer) {

  public StatementPlan {
    placeholders = List.copyOf(placeholders);
    returning = List.copyOf(returning);
  }

  /**
   * The declared type of a placeholder's value.
   *
   * @param type the parameter's type
   * @param array whether the value is a list of that type
   */
  public record Placeholder(ParamType type, boolean array) {}

  /** The part of a statement's run that is measured: execution and reading of the outcome. */
  @FunctionalInterface
  public interface Measured<T> {
    T run() throws IOException;
  }

  /**
   * Runs {@code work} — from sending the statement to the end of reading its outcome — inside the
   * statement's span and timer, the same for every driver: a {@link SqlFailure} marks the span with
   * its SQLSTATE, a {@link ProblemException} (404 for no row) is an answer and no failure.
   */
  public <T> T measured(Measured<T> work) throws IOException {
    long started = System.nanoTime();
    Span span = tracing.start();
    try {
      return work.run();
    } catch (SqlFailure f) {
      SqlTracing.failed(span, f.sqlState(), f.errorType());
      throw f;
    } catch (ProblemException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      SqlTracing.failed(span, "", e.getClass().getName());
      throw e;
    } finally {
      span.end();
      timer.record(started);
    }
  }
}
