package dev.sluice.runtime.sql;

import dev.sluice.log.Log;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * One platform thread per process that ends, every {@link #TICK_MILLIS} ms, what would otherwise
 * need a timer per request: connection waits past their timeout ({@link ConnectionGate#expire}) and
 * connections whose statement stays unanswered well past the statement timeout (a database host
 * that vanished without closing the connection, see {@link Datasource#sweep}).
 *
 * <p>Per-request timers are what this replaces: a virtual thread's timed park (a socket read with
 * {@code SO_TIMEOUT}, {@code Semaphore.tryAcquire} with a timeout) wakes the scheduler's delay
 * thread twice, which cost about a fifth of the SQL benchmark's throughput (docs/benchmarks.md).
 * The thread runs while at least one datasource is open.
 */
final class SqlWatchdog {
  static final long TICK_MILLIS = 50;
  private static final Logger LOG = Logger.getLogger("sluice.sql");

  private static final Set<Datasource> WATCHED = ConcurrentHashMap.newKeySet();
  private static Thread thread;

  private SqlWatchdog() {}

  static synchronized void watch(Datasource d) {
    WATCHED.add(d);
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name("sluice-sql-watchdog").start(SqlWatchdog::run);
    }
  }

  static synchronized void unwatch(Datasource d) {
    WATCHED.remove(d);
  }

  private static void run() {
    while (true) {
      synchronized (SqlWatchdog.class) {
        if (WATCHED.isEmpty()) {
          thread = null;
          return;
        }
      }
      long now = System.nanoTime();
      for (Datasource d : WATCHED) {
        try {
          d.sweep(now);
        } catch (Throwable e) {
          // Nothing may end this thread while datasources are open: queued requests park
          // without a timer and only a sweep ends their wait.
          try {
            Log.error(LOG, "sql watchdog sweep failed", e, "datasource", d.name());
          } catch (Throwable ignored) {
            // out of memory, say: the next tick tries again
          }
        }
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
    }
  }
}
