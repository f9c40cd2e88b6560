package dev.sluice.runtime.sql;

import dev.sluice.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A pooled JDBC connection of a {@link Datasource} and its place in the queue; closing returns
 * both, once. While out, it is in its datasource's set of leases, which the watchdog sweeps for
 * statements unanswered too long ({@link #abortStalled}).
 */
public final class ConnectionLease implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.sql");

  private final Connection connection;
  private final ConnectionGate gate;
  private final Set<ConnectionLease> leased;
  private final long since = System.nanoTime();
  private boolean closed;

  ConnectionLease(Connection connection, ConnectionGate gate, Set<ConnectionLease> leased) {
    this.connection = connection;
    this.gate = gate;
    this.leased = leased;
  }

  public Connection connection() {
    return connection;
  }

  /**
   * Aborts the connection (its socket closes, a blocked read fails with 08006) unless the lease was
   * closed first. Both happen under the lease's monitor and the abort runs to its end here, so a
   * connection is never aborted after it went back to the pool: a {@link #close()} that comes
   * during the abort waits, then hands HikariCP a broken connection, which it evicts.
   */
  synchronized boolean abortIfOpen() throws SQLException {
    if (closed) {
      return false;
    }
    connection.abort(Runnable::run);
    return true;
  }

  @Override
  public void close() throws SQLException {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    leased.remove(this);
    try {
      connection.close();
    } finally {
      gate.release();
    }
  }

  /**
   * Aborts the connection of every lease in {@code leased} out longer than {@code stallNanos} at
   * {@code now} (the statement timeout plus a grace: the host or the network is gone), and logs it.
   */
  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: iteration is safe
  static void abortStalled(Set<ConnectionLease> leased, long now, long stallNanos, String name) {
    for (ConnectionLease lease : leased) {
      if (now - lease.since > stallNanos && leased.remove(lease)) {
        try {
          if (lease.abortIfOpen()) {
            Log.warn(
                LOG,
                "no answer from the database long after the statement timeout; the connection"
                    + " was closed",
                "datasource",
                name,
                "waited_ms",
                TimeUnit.NANOSECONDS.toMillis(now - lease.since));
          }
        } catch (SQLException e) {
          Log.warn(
              LOG,
              "could not abort a stalled connection",
              "datasource",
              name,
              "sqlstate",
              String.valueOf(e.getSQLState()));
        }
      }
    }
  }
}
