package dev.sluice.runtime.sql;

import dev.sluice.log.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * One kind of session (read-write, or read-only) of a pipelined datasource: a few PostgreSQL
 * connections, each with its own count of statements in flight and the time its oldest unanswered
 * one was sent. A statement goes to the open connection that should answer it soonest ({@link
 * #pick}: fewest in flight, a statement that has waited long counting as more), so a slow statement
 * holds up only what is pipelined behind it on its own connection while the others take the new
 * ones; a statement's count ends when its answer comes (or its connection closes), not when the
 * request stops waiting for it.
 *
 * <p>Connections open at start, and again after they close (the server restarted, the watchdog of a
 * stalled statement closed one), at most once per {@link #RETRY_MILLIS} each, and at once when the
 * datasource's health sees the database back ({@link #reconnect()}); each attempt ({@link
 * PipelinedConnect}) ends within the connect timeout and leaves no socket open when it fails. While
 * none is open and the last attempt failed, a statement fails at once with a connection failure
 * (503 with Retry-After) instead of waiting for another attempt. Whether the database is down is
 * not decided here: a failed attempt is told to the datasource's {@link DatasourceHealth}, whose
 * probe decides, and while it is known down requests do not reach these connections.
 */
@SuppressWarnings("ReferenceEquality") // a connection is this very one, never an equal one
final class PipelinedConnections {
  private static final Logger LOG = Logger.getLogger("sluice.sql");
  static final long RETRY_MILLIS = 500;

  /** A connection whose current statement has run this long is passed over while others are not. */
  static final long SLOW_MILLIS = 50;

  /**
   * In choosing a connection, each millisecond its oldest unanswered statement has waited counts as
   * one more statement in flight.
   */
  static final long AGE_PER_STATEMENT_MILLIS = 1;

  private final String name;
  private final Vertx vertx;
  private final PgConnectOptions options;
  private final Duration connectTimeout;
  private final int pipeliningLimit;
  private final long stallNanos;
  private final PipelinedSlot[] slots;
  private volatile boolean closed;
  private volatile boolean failing; // the last connection attempt failed and none is open
  private volatile Throwable lastFailure; // why
  private final Runnable connectFailed;

  PipelinedConnections(
      String name,
      Vertx vertx,
      PgConnectOptions options,
      int connections,
      Duration connectTimeout,
      long stallNanos,
      Runnable connectFailed) {
    this.name = name;
    this.connectFailed = connectFailed;
    this.stallNanos = stallNanos;
    this.vertx = vertx;
    this.options = options;
    this.connectTimeout = connectTimeout;
    this.pipeliningLimit = options.getPipeliningLimit();
    this.slots = new PipelinedSlot[connections];
    for (int i = 0; i < connections; i++) {
      slots[i] = new PipelinedSlot();
    }
  }

  /** Opens the connections in the background (serving does not wait for them). */
  void start() {
    for (PipelinedSlot s : slots) {
      connect(s);
    }
  }

  /**
   * The open connection that should answer soonest ({@link #pick}). While none is open: when the
   * last attempt failed, fails at once; else (opening) waits up to the connect timeout. While every
   * open one is behind a slow statement and another is being opened (or may be opened now), waits
   * for that one up to the connect timeout rather than queueing behind a slow statement.
   *
   * @throws SqlFailure a connection failure when no connection can be had
   */
  PipelinedSlot slot() {
    return slot(connectTimeout);
  }

  /** {@link #slot()}, waiting at most {@code wait} for a connection being opened. */
  PipelinedSlot slot(Duration wait) {
    PipelinedSlot best = pick(false);
    if (best != null) {
      return best;
    }
    if (closed) {
      throw PipelinedFailures.unavailable("datasource " + name + " is closed");
    }
    PipelinedSlot behindSlow = pick(true);
    Future<PgConnection> pending = null;
    for (PipelinedSlot s : slots) {
      // none open: a connection that just closed (the server ended it, or the driver on a value
      // it cannot decode) is opened again at once while the database is not known to be down;
      // all behind a slow statement: a closed one is opened when its retry time has come
      Future<PgConnection> f = behindSlow == null ? connect(s, !failing) : connect(s);
      if (pending == null && f != null) {
        pending = f;
      }
    }
    if (behindSlow != null) {
      return pending == null ? behindSlow : awaitOpened(pending, wait, behindSlow);
    }
    Throwable why = lastFailure;
    if (failing && why != null) {
      throw PipelinedFailures.connectFailed(why);
    }
    if (failing || pending == null) {
      throw PipelinedFailures.unavailable("no connection to the database");
    }
    try {
      pending.toCompletionStage().toCompletableFuture().get(wait.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PipelinedFailures.unavailable("interrupted while connecting");
    } catch (ExecutionException | TimeoutException e) {
      throw PipelinedFailures.connectFailed(e instanceof ExecutionException ? e.getCause() : e);
    }
    best = pick(true);
    if (best == null) {
      throw PipelinedFailures.unavailable("no connection to the database");
    }
    return best;
  }

  /**
   * Every open connection is behind a slow statement: waits up to {@code wait} for the one being
   * opened, then takes the best open one — {@code fallback} when the attempt failed or took too
   * long (a slow answer is better than none).
   */
  private PipelinedSlot awaitOpened(
      Future<PgConnection> pending, Duration wait, PipelinedSlot fallback) {
    try {
      pending
          .toCompletionStage()
          .toCompletableFuture()
          .get(Math.min(wait.toNanos(), connectTimeout.toNanos()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw PipelinedFailures.unavailable("interrupted while connecting");
    } catch (ExecutionException | TimeoutException e) {
      // the connection that was opened is not there: the slow one it is
    }
    PipelinedSlot best = pick(true);
    return best == null ? fallback : best;
  }

  /**
   * The open connection that should answer a new statement soonest: the one with the lowest cost,
   * its statements in flight plus one for each {@link #AGE_PER_STATEMENT_MILLIS} its oldest
   * unanswered one has waited. Counts alone are not enough: a statement sent a moment ago is not
   * known to be slow yet, and a new one pipelined behind it waits as long as it runs. A connection
   * whose oldest unanswered statement has waited more than {@link #SLOW_MILLIS} is passed over
   * (null when every open one is such) unless {@code evenSlow}, when the cheapest one is taken.
   */
  private PipelinedSlot pick(boolean evenSlow) {
    long now = System.nanoTime();
    long slowNanos = TimeUnit.MILLISECONDS.toNanos(SLOW_MILLIS);
    long perStatement = TimeUnit.MILLISECONDS.toNanos(AGE_PER_STATEMENT_MILLIS);
    PipelinedSlot best = null;
    long least = Long.MAX_VALUE;
    boolean anyOpen = false;
    for (PipelinedSlot s : slots) {
      PgConnection c = s.connection;
      if (c != null && stallNanos != Long.MAX_VALUE && s.busySince(now - stallNanos)) {
        // unanswered long past the statement timeout: the host is gone (whoever waits for it)
        Log.warn(
            LOG,
            "no answer from the database long after the statement timeout; the connection was"
                + " closed",
            "datasource",
            name);
        s.closeStalled(c);
        continue;
      }
      if (c == null) {
        continue;
      }
      anyOpen = true;
      int n = s.inFlight.get();
      long age = n > 0 ? s.busyNanos(now) : 0;
      if (age > slowNanos && !evenSlow) {
        continue;
      }
      long cost = n + age / perStatement;
      if (cost < least) {
        best = s;
        least = cost;
      }
    }
    if (anyOpen && (best == null || least > 0)) {
      for (PipelinedSlot s : slots) {
        if (s.connection == null) {
          connect(s); // a closed one comes back while the others serve
        }
      }
    }
    return best;
  }

  /** Starts opening the slot's connection unless it is open, opening, or waiting to retry. */
  private Future<PgConnection> connect(PipelinedSlot s) {
    return connect(s, false);
  }

  private Future<PgConnection> connect(PipelinedSlot s, boolean atOnce) {
    if (closed || s.connection != null) {
      return null;
    }
    Future<PgConnection> f = s.connecting;
    if (f != null) {
      return f;
    }
    long now = System.nanoTime();
    long next = s.nextAttempt.get();
    if ((!atOnce && now - next < 0)
        || !s.nextAttempt.compareAndSet(next, now + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS))) {
      return null;
    }
    synchronized (s) {
      if (s.connecting != null || s.connection != null) {
        return s.connecting;
      }
      f =
          PipelinedConnect.open(
              vertx,
              options,
              connectTimeout,
              c -> {
                if (s.connection == c) {
                  s.connection = null;
                }
              });
      s.connecting = f;
    }
    f.onComplete(
        r -> {
          if (r.succeeded()) {
            PgConnection c = r.result();
            // a connection's own failures (the server ended it) show in the statements' answers
            c.exceptionHandler(
                e ->
                    Log.log(
                        LOG,
                        java.util.logging.Level.FINE,
                        "database connection failed",
                        null,
                        "datasource",
                        name,
                        "reason",
                        PipelinedFailures.reason(e)));
            if (closed) {
              c.close();
            } else {
              s.connection = c;
              failing = false;
            }
          } else {
            lastFailure = r.cause();
            failing = open() == 0;
            // the health's probe decides and says it once (WARN when down, INFO when back)
            Log.log(
                LOG,
                java.util.logging.Level.FINE,
                "cannot connect to the database",
                null,
                "datasource",
                name,
                "reason",
                PipelinedFailures.reason(r.cause()));
            connectFailed.run();
          }
          s.connecting = null;
        });
    return f;
  }

  /** Open connections. */
  int open() {
    int open = 0;
    for (PipelinedSlot s : slots) {
      if (s.connection != null) {
        open++;
      }
    }
    return open;
  }

  /**
   * Waits up to {@code max} for the attempts under way to end, when no connection is open yet: a
   * cold process (the operator's {@code validate-config --check-sql}) loads the driver's classes
   * with its first connection, which may take longer than a connect timeout on a busy machine.
   */
  void awaitAttempts(Duration max) {
    if (open() > 0) {
      return;
    }
    for (PipelinedSlot s : slots) {
      Future<PgConnection> f = s.connecting;
      if (f == null) {
        f = connect(s);
      }
      if (f != null) {
        try {
          f.toCompletionStage().toCompletableFuture().get(max.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException | TimeoutException e) {
          // the ping that follows says why
        }
        return;
      }
    }
  }

  /**
   * The database answers again (the datasource's health connected): the slots without a connection
   * open one now, whatever their retry time, so the first requests after an outage find them open.
   */
  void reconnect() {
    failing = false;
    for (PipelinedSlot s : slots) {
      connect(s, true);
    }
  }

  /** Statements sent and not yet answered, on every connection. */
  int inFlight() {
    int n = 0;
    for (PipelinedSlot s : slots) {
      n += s.inFlight.get();
    }
    return n;
  }

  /** Open connections with statements in flight. */
  int busy() {
    int n = 0;
    for (PipelinedSlot s : slots) {
      if (s.connection != null && s.inFlight.get() > 0) {
        n++;
      }
    }
    return n;
  }

  /** Open connections with no statement in flight. */
  int idle() {
    int n = 0;
    for (PipelinedSlot s : slots) {
      if (s.connection != null && s.inFlight.get() == 0) {
        n++;
      }
    }
    return n;
  }

  /** Statements beyond the pipelining limit of their connection, queued in the client. */
  int queued() {
    int n = 0;
    for (PipelinedSlot s : slots) {
      n += Math.max(0, s.inFlight.get() - pipeliningLimit);
    }
    return n;
  }

  int size() {
    return slots.length;
  }

  /** Closes every connection; statements still in flight fail. */
  void close() {
    closed = true;
    for (PipelinedSlot s : slots) {
      PgConnection c = s.connection;
      s.connection = null;
      if (c != null) {
        c.close();
      }
    }
  }
}
