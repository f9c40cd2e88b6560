package dev.sluice.runtime.sql;

import dev.sluice.spec.DatasourceSpec;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A datasource on the pipelined driver (vertx-pg-client): its own Vert.x instance — an event loop
 * per connection of one kind, at most as many as cores, native epoll where Netty has it — and two
 * sets of {@link PipelinedConnections}: read-write, and read-only ({@code
 * default_transaction_read_only=on} at startup, for GET and HEAD). The statement timeout is a
 * startup parameter of both.
 */
final class PipelinedDatabase implements AutoCloseable {
  /** How long an operator's tool waits for the first connection of a cold process. */
  private static final Duration COLD_START = Duration.ofSeconds(15);

  private final DatasourceSpec spec;
  private final Vertx vertx;
  private final PipelinedConnections readWrite;
  private final PipelinedConnections readOnly;

  /**
   * @param connectFailed told when an attempt to open a connection fails (the datasource's health
   *     probes)
   */
  PipelinedDatabase(DatasourceSpec spec, Runnable connectFailed) {
    this.spec = spec;
    int loops =
        Math.max(
            1,
            Math.min(spec.pipelined().connections(), Runtime.getRuntime().availableProcessors()));
    this.vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setEventLoopPoolSize(loops)
                    .setWorkerPoolSize(1)
                    .setInternalBlockingPoolSize(1)
                    .setPreferNativeTransport(true)
                    .setDisableTCCL(true))
            .build();
    Duration connect = PipelinedOptions.connectTimeout(spec);
    this.readWrite =
        new PipelinedConnections(
            spec.name(),
            vertx,
            PipelinedOptions.of(spec, false),
            spec.pipelined().connections(),
            connect,
            stallNanos(spec),
            connectFailed);
    this.readOnly =
        new PipelinedConnections(
            spec.name(),
            vertx,
            PipelinedOptions.of(spec, true),
            spec.pipelined().connections(),
            connect,
            stallNanos(spec),
            connectFailed);
  }

  /** The statement timeout plus the grace; none when the statement timeout is off. */
  private static long stallNanos(DatasourceSpec spec) {
    if (spec.statementTimeout().isZero()) {
      return Long.MAX_VALUE;
    }
    try {
      return spec.statementTimeout().plus(Datasource.STALL_GRACE).toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  void start() {
    readWrite.start();
    readOnly.start();
  }

  PipelinedConnections connections(boolean readOnlyRequest) {
    return readOnlyRequest ? readOnly : readWrite;
  }

  /**
   * The database answers again: the connections that closed are opened now, not at the next use.
   */
  void reconnect() {
    readWrite.reconnect();
    readOnly.reconnect();
  }

  /** Whether the database answers {@code SELECT 1} within {@code timeout}; empty when it does. */
  Optional<String> ping(Duration timeout, boolean explained) {
    if (explained) {
      readWrite.awaitAttempts(COLD_START); // the operator's tools run in a cold process
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      PipelinedSlot slot = readWrite.slot(timeout);
      RowSet<Row> r =
          slot.sent(slot.connection().query("SELECT 1").execute())
              .toCompletionStage()
              .toCompletableFuture()
              .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return r.size() == 1 ? Optional.empty() : Optional.of("the database did not answer a ping");
    } catch (SqlFailure f) {
      return Optional.of(
          "cannot connect"
              + (f.sqlState().isEmpty() ? "" : " (SQLSTATE " + f.sqlState() + ")")
              + (explained ? ": " + f.getMessage() : ""));
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + timeout.toMillis() + "ms");
    } catch (ExecutionException e) {
      SqlFailure f = PipelinedFailures.of(e.getCause());
      return Optional.of(
          "ping failed"
              + (f.sqlState().isEmpty() ? "" : " (SQLSTATE " + f.sqlState() + ")")
              + (explained ? ": " + f.getMessage() : ""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("ping interrupted");
    }
  }

  /** Statements in flight on either kind of connection. */
  int inFlight() {
    return readWrite.inFlight() + readOnly.inFlight();
  }

  /**
   * Waits until the statements in flight are answered (the server stopped taking requests: none are
   * added), for at most the statement timeout plus the stall grace, then closes the connections and
   * the event loops.
   */
  @Override
  public void close() {
    long wait =
        spec.statementTimeout().isZero()
            ? TimeUnit.SECONDS.toNanos(30)
            : spec.statementTimeout().plus(Datasource.STALL_GRACE).toNanos();
    long deadline = System.nanoTime() + wait;
    while (inFlight() > 0 && System.nanoTime() - deadline < 0) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    readWrite.close();
    readOnly.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // the event loops end with the process
    }
  }
}
