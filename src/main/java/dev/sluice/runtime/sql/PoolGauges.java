package dev.sluice.runtime.sql;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.SQLException;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * The state of one connection pool of a datasource, read at scrape time: {@code rw} (read-write) or
 * {@code ro} (read-only, PostgreSQL only). A value is NaN while the pool is not open. On the
 * pipelined driver a pool is its connections of that kind: active counts the open connections with
 * statements in flight, idle those with none (so active + idle is the open connections on either
 * driver), pending the statements queued in the client beyond the pipelining limit, max the
 * connections; {@link #inFlight()} counts the statements sent and not yet answered (on JDBC, one
 * per active connection).
 */
public final class PoolGauges {
  private final Datasource datasource;
  private final boolean readOnly;

  private PoolGauges(Datasource datasource, boolean readOnly) {
    this.datasource = datasource;
    this.readOnly = readOnly;
  }

  /** The gauges of each pool {@code d} has. */
  static List<PoolGauges> of(Datasource d) {
    return d.embedded()
        ? List.of(new PoolGauges(d, false))
        : List.of(new PoolGauges(d, false), new PoolGauges(d, true));
  }

  public String datasource() {
    return datasource.name();
  }

  /** {@code rw} or {@code ro}. */
  public String pool() {
    return readOnly ? "ro" : "rw";
  }

  /** Connections lent to a statement (pipelined: open, with statements in flight). */
  public double active() {
    return datasource.isPipelined()
        ? pipelined(PipelinedConnections::busy)
        : read(HikariPoolMXBean::getActiveConnections);
  }

  /**
   * Statements sent and not yet answered: on JDBC one per active connection; pipelined, every
   * statement on every connection (a request that stopped waiting counts until its answer comes).
   */
  public double inFlight() {
    return datasource.isPipelined()
        ? pipelined(PipelinedConnections::inFlight)
        : read(HikariPoolMXBean::getActiveConnections);
  }

  public double idle() {
    return datasource.isPipelined()
        ? pipelined(PipelinedConnections::idle)
        : read(HikariPoolMXBean::getIdleConnections);
  }

  /**
   * Requests waiting for a connection. They queue in front of the pool ({@code
   * Datasource.connection}), so HikariCP itself rarely has waiters: this counts both.
   */
  public double pending() {
    if (datasource.isPipelined()) {
      return pipelined(PipelinedConnections::queued);
    }
    return read(b -> b.getThreadsAwaitingConnection() + datasource.waiting(readOnly));
  }

  /** The most connections the pool may open (the datasource's {@code pool-size}). */
  public int max() {
    return datasource.isPipelined()
        ? datasource.spec().pipelined().connections()
        : datasource.spec().poolSize();
  }

  private double pipelined(ToIntFunction<PipelinedConnections> value) {
    try {
      return value.applyAsInt(datasource.pipelined().connections(readOnly));
    } catch (SqlFailure e) {
      return Double.NaN; // not open
    }
  }

  private double read(ToIntFunction<HikariPoolMXBean> value) {
    try {
      HikariPoolMXBean bean =
          datasource.pool(readOnly).unwrap(HikariDataSource.class).getHikariPoolMXBean();
      return bean == null ? Double.NaN : value.applyAsInt(bean);
    } catch (IllegalStateException | SQLException e) {
      return Double.NaN; // not open (yet, or any more)
    }
  }
}
