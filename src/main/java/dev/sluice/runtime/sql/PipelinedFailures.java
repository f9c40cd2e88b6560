package dev.sluice.runtime.sql;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Turns what the pipelined driver fails with into a {@link SqlFailure}, with the same {@link
 * SqlErrorFacts} the JDBC driver gives for the same failure: a server error's SQLSTATE, message,
 * constraint, table and column from {@link PgException}; a closed or refused connection as a
 * connection failure (503), a statement the request stopped waiting for as a timeout.
 */
@SuppressWarnings("ReferenceEquality") // a cause that is the throwable itself ends a chain
final class PipelinedFailures {
  private PipelinedFailures() {}

  static SqlFailure of(Throwable t) {
    if (t instanceof SqlFailure f) {
      return f;
    }
    if (t instanceof PgException p) {
      String state = p.getSqlState() == null ? "" : p.getSqlState().trim();
      String message = p.getErrorMessage() == null ? "" : p.getErrorMessage();
      return new SqlFailure(
          new SqlErrorFacts(
              state,
              message,
              JdbcFailures.identifier(p.getConstraint()),
              JdbcFailures.identifier(p.getTable()),
              JdbcFailures.identifier(p.getColumn()),
              JdbcFailures.pgForeignKey(state, message),
              false,
              false,
              false),
          t);
    }
    if (isConnection(t)) {
      return connection(reason(t), t);
    }
    return new SqlFailure(SqlErrorFacts.of("", reason(t)), t);
  }

  /**
   * Whether the statement failed before it was sent: the driver found its connection closed when
   * the statement reached it ("Connection is not active now, current status: CLOSED"), or closed it
   * with the statement still queued in the client ("Pending requests failed to be sent due to
   * connection has been closed."). Such a statement may go again on another connection: the server
   * never saw it. The driver gives these only as messages of a {@link VertxException}.
   */
  static boolean notSent(Throwable t) {
    if (!(t instanceof VertxException) || t instanceof ClosedConnectionException) {
      return false;
    }
    String m = t.getMessage();
    return m != null
        && (m.startsWith("Connection is not active now")
            || m.startsWith("Pending requests failed to be sent"));
  }

  /** A failure to open a connection. */
  static SqlFailure connectFailed(Throwable t) {
    return t instanceof PgException ? of(t) : connection(reason(t), t);
  }

  /** No connection can be had (503). */
  static SqlFailure unavailable(String why) {
    return connection(why, null);
  }

  /** The statement's answer did not come before the request's or the route's timeout (504). */
  static SqlFailure timedOut() {
    return new SqlFailure(
        new SqlErrorFacts(
            "",
            "no answer within the timeout; the late answer is dropped",
            "",
            "",
            "",
            SqlErrorFacts.ForeignKey.UNKNOWN,
            false,
            false,
            true),
        null);
  }

  private static SqlFailure connection(String why, Throwable cause) {
    return new SqlFailure(
        new SqlErrorFacts(
            "", why, "", "", "", SqlErrorFacts.ForeignKey.UNKNOWN, false, true, false),
        cause);
  }

  private static boolean isConnection(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ClosedConnectionException
          || c instanceof IOException
          || c instanceof TimeoutException
          || c instanceof io.netty.channel.ConnectTimeoutException
          || (c instanceof VertxException v
              && v.getMessage() != null
              && v.getMessage().toLowerCase(java.util.Locale.ROOT).contains("connection"))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** A failure's first line, for the log. */
  static String reason(Throwable t) {
    if (t == null) {
      return "";
    }
    String m = t.getMessage();
    String line =
        m == null || m.isBlank()
            ? t.getClass().getSimpleName()
            : m.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 197) + "..." : line;
  }
}
