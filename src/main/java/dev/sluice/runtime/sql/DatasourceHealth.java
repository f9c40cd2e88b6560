package dev.sluice.runtime.sql;

import dev.sluice.log.Log;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Whether a datasource's database is known to be down, and why — for every driver: an executor
 * reports what its connections meet ({@link #observe}: a failure that means the database cannot be
 * reached makes it probe), and a {@link Probe} of its own (one connection, made and closed)
 * decides. While the database is known down, requests fail at once with 503 and {@code Retry-After}
 * instead of each waiting for the connection timeout ({@link #down()}), and a background probe
 * retries, backing off from {@value #FIRST_RETRY_MILLIS} ms to {@value #MAX_RETRY_MILLIS} ms, until
 * a connection is made again; then {@link Listener#cameBack} tells whoever listens (the pools
 * refill, the runtime describes its statements anew).
 *
 * <p>The state changes are logged: a WARN when the database becomes unreachable (with the driver's
 * first line, "Connection to 127.0.0.1:5432 refused. …"), again when the reason changes, and an
 * INFO when it is reachable again. Until the first probe ({@link #start()}) nothing is known and
 * nothing fails fast. No thread runs while the database is up.
 */
public final class DatasourceHealth implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.sql");
  static final long FIRST_RETRY_MILLIS = 100;
  static final long MAX_RETRY_MILLIS = 1_000;
  static final long SUSPECT_GAP_MILLIS = 100;
  private static final Executor VIRTUAL = Thread::startVirtualThread;

  /** One connection attempt, made and closed: empty when it succeeded, else why not. */
  public interface Probe {
    Optional<ConnectFailure> connect();
  }

  /** Told of each change, under the health's lock: keep it short (start a thread for more). */
  public interface Listener {
    /** The database became unreachable. */
    default void wentDown(ConnectFailure why) {}

    /** A connection was made again after the database had been down. */
    default void cameBack() {}
  }

  private final String name;
  private final Probe probe;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile ConnectFailure down; // null: up, or not known yet
  private volatile long lastFoundUp = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
  private long downSince; // guarded by lock, as the fields below
  private boolean known;
  private boolean closed;
  private CompletableFuture<Optional<ConnectFailure>> probing;
  private Thread retrying;

  /**
   * @param name the datasource's name, for the log
   * @param probe how to try one connection (never through a pool that queues)
   */
  public DatasourceHealth(String name, Probe probe) {
    this.name = name;
    this.probe = probe;
  }

  /** Probes once and waits for it: from now on the state is known. */
  public Optional<ConnectFailure> start() {
    return await(probeAsync(), Duration.ofDays(1));
  }

  /** Empty unless the database is known to be down; then why. A volatile read. */
  public Optional<ConnectFailure> down() {
    return Optional.ofNullable(down);
  }

  /**
   * A failure met on a connection or a statement: when it means the database cannot be reached (a
   * connection refused or broken, the server shutting down — the failures answered 503 {@link
   * SqlErrors#unreachable}), a probe starts (one at a time), which decides.
   */
  public void observe(SqlFailure failure) {
    if (!failure.knownDown() && SqlErrors.unreachable(failure)) {
      suspect();
    }
  }

  /**
   * Something suggests the database went away: probe now, in the background — unless a probe runs,
   * or one found it up less than {@value #SUSPECT_GAP_MILLIS} ms ago (a burst of failing requests
   * is one probe, not one each).
   */
  public void suspect() {
    if (down == null
        && System.nanoTime() - lastFoundUp < TimeUnit.MILLISECONDS.toNanos(SUSPECT_GAP_MILLIS)) {
      return;
    }
    // the probe's outcome is read from the state it leaves, not from this future
    var unused = probeAsync();
  }

  /** Probes (or joins the probe under way) and waits up to {@code maxWait}; the state after it. */
  public Optional<ConnectFailure> check(Duration maxWait) {
    return await(probeAsync(), maxWait);
  }

  private Optional<ConnectFailure> await(
      CompletableFuture<Optional<ConnectFailure>> p, Duration maxWait) {
    try {
      return p.get(maxWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return down();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return down();
    }
  }

  /** Runs a listener's methods on every change from now on; the returned action removes it. */
  public Runnable listen(Listener l) {
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  private CompletableFuture<Optional<ConnectFailure>> probeAsync() {
    lock.lock();
    try {
      if (closed) {
        return CompletableFuture.completedFuture(down());
      }
      if (probing == null) {
        CompletableFuture<Optional<ConnectFailure>> p =
            CompletableFuture.supplyAsync(this::probeOnce, VIRTUAL);
        probing = p;
        // bookkeeping only: callers read the outcome from probing itself
        var unused = p.whenComplete((r, e) -> probed(p));
      }
      return probing;
    } finally {
      lock.unlock();
    }
  }

  @SuppressWarnings("ReferenceEquality") // this very probe, not an equal one
  private void probed(CompletableFuture<Optional<ConnectFailure>> p) {
    lock.lock();
    try {
      if (probing == p) {
        probing = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private Optional<ConnectFailure> probeOnce() {
    Optional<ConnectFailure> r;
    try {
      r = probe.connect();
    } catch (RuntimeException e) {
      r = Optional.of(ConnectFailure.of("", e));
    }
    record(r);
    return r;
  }

  private void record(Optional<ConnectFailure> outcome) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      ConnectFailure was = down;
      boolean first = !known;
      known = true;
      if (outcome.isPresent()) {
        ConnectFailure now = outcome.get();
        down = now;
        if (was == null) {
          downSince = System.nanoTime();
          warn(
              first
                  ? "datasource unreachable at start: its routes answer 503 until it answers"
                  : "datasource unreachable: its routes answer 503 until it answers",
              now);
          listeners.forEach(l -> l.wentDown(now));
          retryInBackground();
        } else if (was.reason() != now.reason()) {
          warn("datasource still unreachable, for another reason", now);
        }
      } else {
        down = null;
        lastFoundUp = System.nanoTime();
        if (was != null) {
          Log.info(
              LOG,
              "datasource reachable again",
              "datasource",
              name,
              "down_ms",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
          listeners.forEach(Listener::cameBack);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void warn(String msg, ConnectFailure why) {
    Log.warn(
        LOG,
        msg,
        "datasource",
        name,
        "reason",
        why.reason().text(),
        "driver_message",
        why.detail());
  }

  /** While down: probe again after 100 ms, 200 ms, … at most a second apart. Under the lock. */
  private void retryInBackground() {
    if (retrying != null) {
      return;
    }
    retrying =
        Thread.ofVirtual()
            .name("sluice-datasource-probe-" + name)
            .start(
                () -> {
                  long delay = FIRST_RETRY_MILLIS;
                  while (stillDown()) {
                    try {
                      Thread.sleep(delay);
                    } catch (InterruptedException e) {
                      return; // closed
                    }
                    await(probeAsync(), Duration.ofDays(1));
                    delay = Math.min(MAX_RETRY_MILLIS, delay * 2);
                  }
                });
  }

  /** Whether the retry loop goes on; when not, it ends (and a later outage starts another). */
  private boolean stillDown() {
    lock.lock();
    try {
      if (closed || down == null) {
        retrying = null;
        return false;
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops probing; the state stays as it was. */
  @Override
  public void close() {
    Thread r;
    lock.lock();
    try {
      closed = true;
      r = retrying;
      retrying = null;
    } finally {
      lock.unlock();
    }
    listeners.clear();
    if (r != null) {
      r.interrupt();
    }
  }
}
