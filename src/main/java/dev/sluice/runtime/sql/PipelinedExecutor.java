package dev.sluice.runtime.sql;

import io.vertx.core.Future;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link StatementExecutor} of a pipelined {@link Datasource} ({@link PipelinedDatabase}). A
 * route's statement is sent in PostgreSQL's own form ({@code $1::int8}: each placeholder declares
 * the type of the value bound to it, as pgjdbc declares it; {@link PipelinedParams}) and prepared
 * once per connection by the driver's statement cache. Per request: pick the connection with the
 * fewest statements in flight (read-only for GET and HEAD), send, and park the virtual thread until
 * the answer, the request's deadline or the route's timeout, whichever comes first.
 *
 * <p>No cancel: on a pipelined connection a cancel request would hit whatever statement runs there
 * at that moment, perhaps another request's. A request whose deadline passes answers 504 at once
 * and its late answer is dropped; PostgreSQL's side is bounded by the datasource's statement
 * timeout. A statement still unanswered {@link Datasource#STALL_GRACE} after the statement timeout
 * (the host is gone) closes its connection, and it and those behind it answer 503.
 */
final class PipelinedExecutor implements StatementExecutor {
  private final Datasource datasource;

  PipelinedExecutor(Datasource datasource) {
    this.datasource = datasource;
  }

  @Override
  public Prepared prepare(StatementPlan plan) {
    return new Statement(datasource, plan);
  }

  private static final class Statement implements Prepared {
    private final Datasource datasource;
    private final StatementPlan plan;
    private final String sql;
    private final StatementPlan.Placeholder[] placeholders;
    private final long routeTimeoutNanos;
    private final long stallNanos;

    Statement(Datasource datasource, StatementPlan plan) {
      this.datasource = datasource;
      this.plan = plan;
      this.placeholders = plan.placeholders().toArray(StatementPlan.Placeholder[]::new);
      this.sql = PipelinedParams.sql(plan);
      this.routeTimeoutNanos = plan.timeout().map(t -> t.toNanos()).orElse(Long.MAX_VALUE);
      this.stallNanos = datasource.stallNanos();
    }

    @Override
    public <T> T run(
        ParamValue[] values, boolean readOnly, StatementDeadline deadline, Outcome<T> outcome)
        throws IOException {
      Tuple tuple = PipelinedParams.tuple(placeholders, values);
      return plan.measured(
          () -> {
            RowSet<Row> rs = answer(readOnly, tuple, deadline);
            if (!plan.rows()) {
              return outcome.updated(rs.rowCount());
            }
            return outcome.rows(new PipelinedRows(rs));
          });
    }

    /**
     * The statement's answer, unless the datasource's health knows the database is down (then a 503
     * at once, as on JDBC); a failure met is told to the health, which probes when it means the
     * database cannot be reached.
     */
    private RowSet<Row> answer(boolean readOnly, Tuple tuple, StatementDeadline deadline) {
      ConnectFailure down = datasource.health().down().orElse(null);
      if (down != null) {
        throw SqlFailure.knownDown(datasource.name(), down); // 503 at once, as on JDBC
      }
      try {
        return send(datasource.pipelined().connections(readOnly), tuple, deadline);
      } catch (SqlFailure f) {
        datasource.health().observe(f); // a lost connection makes the health probe
        throw f;
      }
    }

    /**
     * Sends the statement on the least-loaded connection and waits for its answer. A connection the
     * driver closed a moment ago (the server ended it, or a value it could not decode) stays in its
     * slot until its close handler runs on the event loop, after the answers it failed were
     * delivered: a statement that picked it in between fails without being sent ({@link
     * PipelinedFailures#notSent}), and goes again to another connection or a fresh one, at most
     * once per connection.
     */
    private RowSet<Row> send(
        PipelinedConnections connections, Tuple tuple, StatementDeadline deadline) {
      for (int attempt = 0; ; attempt++) {
        PipelinedSlot slot = connections.slot();
        PgConnection c = slot.connection();
        if (c == null) {
          throw PipelinedFailures.unavailable("the connection closed");
        }
        long waitNanos =
            Math.min(Math.min(deadline.remainingNanos(), routeTimeoutNanos), stallNanos);
        if (waitNanos <= 0) {
          throw PipelinedFailures.timedOut(); // the deadline passed: not sent
        }
        Future<RowSet<Row>> sent = slot.sent(c.preparedQuery(sql).execute(tuple));
        try {
          return sent.toCompletionStage()
              .toCompletableFuture()
              .get(waitNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          if (waitNanos == stallNanos) {
            datasource.stalled(waitNanos);
            slot.closeStalled(c);
            throw PipelinedFailures.unavailable(
                "no answer from the database long after the statement timeout; the connection was"
                    + " closed");
          }
          throw PipelinedFailures.timedOut();
        } catch (ExecutionException e) {
          if (PipelinedFailures.notSent(e.getCause()) && attempt < connections.size()) {
            slot.forget(c);
            continue;
          }
          throw PipelinedFailures.of(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw PipelinedFailures.unavailable("interrupted while waiting for the database");
        }
      }
    }

    /**
     * Prepares the statement on a connection (Parse, Describe): a statement the database rejects,
     * or whose placeholders cannot take their declared types, fails here. The driver does not show
     * the inferred types or the columns: the placeholders' types are the declared ones, and the
     * columns are checked by the first request.
     */
    @Override
    public Description describe(boolean readOnly) {
      PipelinedSlot slot = datasource.pipelined().connections(readOnly).slot();
      PgConnection c = slot.connection();
      if (c == null) {
        throw PipelinedFailures.unavailable("the connection closed");
      }
      try {
        slot.sent(c.prepare(sql))
            .compose(ps -> ps.close())
            .toCompletionStage()
            .toCompletableFuture()
            .get(
                datasource.spec().connectionTimeout().plus(Datasource.STALL_GRACE).toNanos(),
                TimeUnit.NANOSECONDS);
        return new Description(java.util.List.of(), Description.NO_COLUMNS);
      } catch (TimeoutException e) {
        throw PipelinedFailures.unavailable("no answer to the statement's description");
      } catch (ExecutionException e) {
        throw PipelinedFailures.of(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw PipelinedFailures.unavailable("interrupted");
      }
    }
  }
}
