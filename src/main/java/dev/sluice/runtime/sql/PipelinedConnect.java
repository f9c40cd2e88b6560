package dev.sluice.runtime.sql;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.pgclient.SslMode;
import io.vertx.pgclient.spi.PgDriver;
import io.vertx.sqlclient.spi.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One attempt to open a pipelined connection that leaves no socket behind: each attempt has a
 * connection factory (a Vert.x NetClient) of its own, closed — with every socket it opened — when
 * the attempt fails or outlasts the connect timeout, else when its connection closes.
 *
 * <p>Why not {@code PgConnection.connect}: it closes its factory only with a connection that was
 * made, so a failed attempt's sockets stay open; and for {@code sslmode=prefer} (the default) it
 * asks for SSL on one socket and, told no, starts over on a second without closing the first. The
 * server's process on that first socket waits {@code authentication_timeout} (60 s) for a startup
 * packet; one forked while PostgreSQL stops is not signalled, and {@code pg_ctl stop -m fast} waits
 * for it (PostgresRestartIT: the stop did not finish within 30 s). Here {@code prefer} and {@code
 * allow} are two attempts in turn (with SSL then without, or the other way), the first one's
 * factory closed before the second starts. Vert.x bounds only the TCP connect (at 60 s): the whole
 * attempt, startup and authentication included, is bounded here by the connect timeout.
 */
final class PipelinedConnect {
  private PipelinedConnect() {}

  /**
   * Opens a connection; {@code closed} is told when it closes (its factory is closed then).
   *
   * @return fails with a {@link TimeoutException} when {@code timeout} passes first
   */
  static Future<PgConnection> open(
      Vertx vertx, PgConnectOptions options, Duration timeout, Consumer<PgConnection> closed) {
    Promise<PgConnection> result = Promise.promise();
    long timer =
        vertx.setTimer(
            Math.max(1, timeout.toMillis()),
            id ->
                result.tryFail(
                    new TimeoutException(
                        "no connection within " + timeout.toMillis() + " ms (connect timeout)")));
    Future<PgConnection> attempt =
        switch (options.getSslMode()) {
          case PREFER ->
              once(vertx, ssl(options, SslMode.REQUIRE), result, closed)
                  .recover(e -> once(vertx, ssl(options, SslMode.DISABLE), result, closed));
          case ALLOW ->
              once(vertx, ssl(options, SslMode.DISABLE), result, closed)
                  .recover(e -> once(vertx, ssl(options, SslMode.REQUIRE), result, closed));
          default -> once(vertx, options, result, closed);
        };
    attempt.onComplete(
        ar -> {
          vertx.cancelTimer(timer);
          if (ar.failed()) {
            result.tryFail(ar.cause());
          } else if (!result.tryComplete(ar.result())) {
            ar.result().close(); // too late: the caller gave up on it
          }
        });
    return result.future();
  }

  /**
   * One connection through a factory of its own: closed when this attempt fails, or when {@code
   * result} fails first (the timeout: the socket being opened closes with it), else when the
   * connection closes.
   */
  private static Future<PgConnection> once(
      Vertx vertx,
      PgConnectOptions options,
      Promise<PgConnection> result,
      Consumer<PgConnection> closed) {
    if (result.future().isComplete()) {
      return Future.failedFuture("the connect timeout passed");
    }
    ConnectionFactory<PgConnectOptions> factory =
        PgDriver.INSTANCE.createConnectionFactory(vertx, new NetClientOptions());
    result.future().onFailure(e -> close(factory));
    return factory
        .connect(vertx.getOrCreateContext(), options)
        .map(c -> (PgConnection) c)
        .andThen(
            ar -> {
              if (ar.failed()) {
                close(factory);
              } else {
                PgConnection c = ar.result();
                c.closeHandler(
                    v -> {
                      close(factory);
                      closed.accept(c);
                    });
              }
            });
  }

  private static void close(ConnectionFactory<PgConnectOptions> factory) {
    factory.close(Promise.promise());
  }

  private static PgConnectOptions ssl(PgConnectOptions options, SslMode mode) {
    return new PgConnectOptions(options).setSslMode(mode);
  }
}
