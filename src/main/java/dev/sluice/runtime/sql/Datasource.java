package dev.sluice.runtime.sql;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.sluice.log.Log;
import dev.sluice.spec.DatasourceSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * One named database at run time. On PostgreSQL it is two HikariCP pools: a read-write pool, and a
 * read-only pool whose sessions start with {@code default_transaction_read_only=on}, so GET and
 * HEAD routes cannot write without a single extra round trip. The datasource's statement timeout is
 * a session setting of both pools ({@code options=-c statement_timeout=…}). The embedded H2
 * database is one pool, created and seeded from its init scripts when opened.
 *
 * <p>No socket read has a timeout of its own (each would be a timer per read on a virtual thread):
 * a connection whose statement is still unanswered {@link #STALL_GRACE} after the statement timeout
 * (the server would have cancelled it by then, so the host or the network is gone) is aborted by
 * the {@link SqlWatchdog}, and its request answers 503.
 *
 * <p>SQL routes run their statements through its {@link #executor()}: {@link JdbcExecutor} on these
 * pools, or, with {@code driver: pipelined}, {@link PipelinedExecutor} on a few pipelined
 * connections ({@link PipelinedDatabase}, no HikariCP pools at all). Constructing one connects
 * nowhere ({@code validate-config} builds routes against it); {@link #open()} creates the pools,
 * which start even when the database is down and keep trying.
 */
public final class Datasource implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.sql");

  /**
   * How long past the statement timeout a statement may stay unanswered before its connection is
   * aborted.
   */
  static final Duration STALL_GRACE = Duration.ofSeconds(5);

  private final DatasourceSpec spec;
  private volatile HikariDataSource readWrite;
  private volatile HikariDataSource readOnly;
  private volatile ConnectionGate readWriteGate;
  private volatile ConnectionGate readOnlyGate;
  private final Set<ConnectionLease> leased = ConcurrentHashMap.newKeySet();
  private final long stallNanos;
  private final StatementExecutor executor;
  private final DatasourceHealth health;
  private volatile PipelinedDatabase pipelined;

  /** A datasource for {@code spec}, not yet open. */
  public static Datasource of(DatasourceSpec spec) {
    return new Datasource(spec);
  }

  Datasource(DatasourceSpec spec) {
    this.spec = spec;
    this.health =
        new DatasourceHealth(
            spec.name(), spec.embedded() ? Optional::empty : JdbcPools.probe(spec));
    // statement-timeout 0s is PostgreSQL's "no timeout": then no statement is ever stalled
    this.stallNanos =
        spec.statementTimeout().isZero()
            ? Long.MAX_VALUE
            : saturatedNanos(spec.statementTimeout().plus(STALL_GRACE));
    this.executor = isPipelined() ? new PipelinedExecutor(this) : new JdbcExecutor(this);
  }

  /** Whether statements run on the pipelined driver (PostgreSQL with {@code driver: pipelined}). */
  public boolean isPipelined() {
    return spec.driver() == DatasourceSpec.Driver.PIPELINED && !spec.embedded();
  }

  /** The pipelined connections; only for a pipelined datasource that is open. */
  PipelinedDatabase pipelined() {
    PipelinedDatabase p = pipelined;
    if (p == null) {
      throw PipelinedFailures.unavailable("datasource " + spec.name() + " is not open");
    }
    return p;
  }

  /** How long a statement may stay unanswered before its connection is taken for gone. */
  long stallNanos() {
    return stallNanos;
  }

  /** Logs that a pipelined connection was closed for a statement unanswered too long. */
  void stalled(long waitedNanos) {
    Log.warn(
        LOG,
        "no answer from the database long after the statement timeout; the connection was closed",
        "datasource",
        spec.name(),
        "waited_ms",
        TimeUnit.NANOSECONDS.toMillis(waitedNanos));
  }

  public String name() {
    return spec.name();
  }

  public DatasourceSpec spec() {
    return spec;
  }

  /** How SQL routes run their statements here (JDBC on these pools, or pipelined). */
  public StatementExecutor executor() {
    return executor;
  }

  /** Whether the database is known to be down (always up for the embedded database). */
  public DatasourceHealth health() {
    return health;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** True for the embedded H2 database (read-only requests are not enforced there). */
  public boolean embedded() {
    return spec.embedded();
  }

  /** Whether {@link #open()} ran and {@link #close()} did not. */
  public boolean isOpen() {
    return readWrite != null || pipelined != null;
  }

  /**
   * Creates the pools (and the embedded database) and probes the database once: when it is down a
   * WARN says why, its requests fail at once with 503 and a background probe retries ({@link
   * DatasourceHealth}). Idempotent.
   */
  public synchronized void open() throws SQLException {
    if (isOpen()) {
      return;
    }
    if (isPipelined()) {
      // The same health as JDBC's: its probe decides whether the database is down (requests then
      // answer 503 at once, readiness and --check-sql say why by category); the connections tell
      // it what they meet, and reopen at once when it sees the database back.
      PipelinedDatabase p = new PipelinedDatabase(spec, health::suspect);
      health.listen(
          new DatasourceHealth.Listener() {
            @Override
            public void cameBack() {
              p.reconnect();
            }
          });
      health.start();
      p.start();
      pipelined = p;
      return;
    }
    if (spec.embedded()) {
      HikariDataSource h2 = JdbcPools.embedded(spec);
      // the gates first: a request that sees a pool always finds its gate
      readWriteGate = new ConnectionGate(spec.poolSize());
      readOnlyGate = readWriteGate;
      readWrite = h2;
      readOnly = h2;
      health.start(); // no network: known up from now on
    } else {
      readWriteGate = new ConnectionGate(spec.poolSize());
      readOnlyGate = new ConnectionGate(spec.poolSize());
      health.listen(
          new DatasourceHealth.Listener() {
            @Override
            public void wentDown(ConnectFailure why) {
              minimumIdle(0); // HikariCP stops trying; the health's probe watches instead
              evictConnections(); // they went with the database: none is handed out again
              gates().forEach(ConnectionGate::expireAll); // the waiting requests answer 503 now
            }

            @Override
            public void cameBack() {
              minimumIdle(spec.poolSize());
            }
          });
      // Up: the pools fill at once (HikariCP's first housekeeping). Down: they keep no idle
      // connections, so HikariCP makes none and no add-connection thread is asleep in its backoff
      // (up to 5 s) when the pools close or the database comes back; the probe watches instead.
      int idle = health.start().isEmpty() ? spec.poolSize() : 0;
      readWrite = JdbcPools.postgres(spec, false, idle);
      readOnly = JdbcPools.postgres(spec, true, idle);
      minimumIdle(health.down().isEmpty() ? spec.poolSize() : 0); // it may have changed meanwhile
    }
    SqlWatchdog.watch(this);
  }

  /** Closes the pools' idle connections, and the others when they come back. */
  private void evictConnections() {
    HikariDataSource rw = readWrite;
    HikariDataSource ro = readOnly;
    if (rw != null && !embedded()) {
      rw.getHikariPoolMXBean().softEvictConnections();
      ro.getHikariPoolMXBean().softEvictConnections();
    }
  }

  /** How many idle connections the pools keep (0 while the database is down). */
  private void minimumIdle(int n) {
    HikariDataSource rw = readWrite;
    HikariDataSource ro = readOnly;
    if (rw != null && !embedded()) {
      rw.getHikariConfigMXBean().setMinimumIdle(n);
      ro.getHikariConfigMXBean().setMinimumIdle(n);
    }
  }

  /**
   * A connection for a request — from the read-only pool for GET and HEAD — taken in arrival order.
   * Requests queue on a {@link ConnectionGate} with as many permits as the pool has connections, so
   * the pool itself never has waiters: no hand-off between threads inside HikariCP and no wake-ups
   * of its connection-adder thread for every wait, which cost about 5 µs of CPU per request under
   * load (docs/benchmarks.md). The pool's connection timeout bounds the whole wait: for a permit
   * (ended by the watchdog, up to one tick late), then (a database that is down or a connection
   * being replaced) inside HikariCP for what is left.
   *
   * <p>While the database is known to be down ({@link #health()}) no request waits: each fails at
   * once, and so do those waiting when it goes down.
   *
   * @throws SQLTransientConnectionException when no connection frees up within the timeout
   * @throws SqlFailure ({@link SqlFailure#knownDown}) while the database is known to be down
   */
  public ConnectionLease connection(boolean readOnlyRequest) throws SQLException {
    failIfKnownDown();
    HikariDataSource ds = (HikariDataSource) pool(readOnlyRequest);
    ConnectionGate gate = readOnlyRequest ? readOnlyGate : readWriteGate;
    long timeoutMillis = ds.getConnectionTimeout();
    long start = System.nanoTime();
    boolean admitted;
    try {
      admitted = gate.acquire(start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException(
          ds.getPoolName() + " - interrupted while waiting for a connection");
    }
    if (!admitted) {
      failIfKnownDown();
      throw new SQLTransientConnectionException(
          ds.getPoolName()
              + " - Connection is not available, request timed out after "
              + timeoutMillis
              + "ms (all "
              + spec.poolSize()
              + " in use)");
    }
    long left = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    try {
      failIfKnownDown();
      Connection c =
          ds.getHikariPoolMXBean() instanceof HikariPool pool
              ? pool.getConnection(Math.max(1, left))
              : ds.getConnection();
      ConnectionLease lease = new ConnectionLease(c, gate, leased);
      if (!embedded()) {
        leased.add(lease);
      }
      return lease;
    } catch (SQLException e) {
      gate.release();
      if (e.getCause()
          != null) { // HikariCP's timeout, caused by the last failed connection attempt
        health.suspect();
      }
      throw e;
    } catch (RuntimeException | Error e) {
      gate.release();
      throw e;
    }
  }

  private void failIfKnownDown() {
    ConnectFailure down = health.down().orElse(null);
    if (down != null) {
      throw SqlFailure.knownDown(spec.name(), down);
    }
  }

  /** The open gates, each once (the embedded database has one for both kinds of request). */
  private List<ConnectionGate> gates() {
    ConnectionGate rw = readWriteGate;
    ConnectionGate ro = readOnlyGate;
    return Stream.of(rw, ro).filter(Objects::nonNull).distinct().toList();
  }

  /** How many requests wait for a connection of the read-only or the read-write pool. */
  public int waiting(boolean readOnlyRequest) {
    ConnectionGate gate = readOnlyRequest ? readOnlyGate : readWriteGate;
    return gate == null ? 0 : gate.waiting();
  }

  /**
   * The watchdog's tick: ends connection waits past their timeout, and aborts the connection of a
   * statement still unanswered {@link #STALL_GRACE} after the statement timeout (its read then
   * fails with SQLSTATE 08006, HikariCP drops the connection and the request answers 503).
   */
  void sweep(long now) {
    gates().forEach(g -> g.expire(now));
    ConnectionLease.abortStalled(leased, now, stallNanos, spec.name());
  }

  /** Its pools' gauges. */
  public List<PoolGauges> gauges() {
    return PoolGauges.of(this);
  }

  /** The pool for a request: read-only for GET and HEAD. */
  public DataSource pool(boolean readOnlyRequest) {
    HikariDataSource ds = readOnlyRequest ? readOnly : readWrite;
    if (ds == null) {
      throw new IllegalStateException("datasource " + spec.name() + " is not open");
    }
    return ds;
  }

  /**
   * Whether the database answers within {@code timeout}: empty when it does, else why not. Runs on
   * its own virtual thread so a hanging connection attempt never blocks a probe.
   */
  public Optional<String> ping(Duration timeout) {
    PipelinedDatabase p = pipelined;
    if (p != null) {
      return p.ping(timeout, false);
    }
    HikariDataSource ds = readWrite;
    return ds == null ? Optional.of("not open") : DatasourcePing.ping(ds, timeout);
  }

  /**
   * What {@code /readyz} says of this datasource: empty when it is up, else why not in the words of
   * a {@link ConnectFailure.Reason} ("connection refused", never a host, user or database name).
   * Known down: at once. Otherwise a pooled connection is pinged within {@code timeout}; when that
   * fails the health probes, and its reason is given if it finds the database down.
   */
  public Optional<String> readiness(Duration timeout) {
    Optional<ConnectFailure> down = health.down();
    if (down.isPresent()) {
      return Optional.of(down.get().reason().text());
    }
    Optional<String> ping = ping(timeout);
    if (ping.isEmpty() || !isOpen()) {
      return ping;
    }
    return health.check(timeout).map(f -> f.reason().text()).or(() -> ping);
  }

  /**
   * Closes the pools; in-flight statements have finished by the time the server stopped (a
   * pipelined datasource waits for the answers of statements whose requests stopped waiting).
   */
  @Override
  @SuppressWarnings("ReferenceEquality") // one pool may serve both roles: close it once
  public synchronized void close() {
    health.close();
    PipelinedDatabase p = pipelined;
    if (p != null) {
      pipelined = null;
      p.close();
      return;
    }
    SqlWatchdog.unwatch(this);
    gates().forEach(ConnectionGate::expireAll); // nobody waits for a pool that is going away
    if (readWrite != null) {
      readWrite.close();
    }
    if (readOnly != null && readOnly != readWrite) {
      readOnly.close();
    }
    readWrite = null;
    readOnly = null;
  }
}
