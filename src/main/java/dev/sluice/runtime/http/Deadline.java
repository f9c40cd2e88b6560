package dev.sluice.runtime.http;

import dev.sluice.problem.ProblemException;
import dev.sluice.units.Durations;
import io.helidon.http.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The moment by which a request must be answered, set by the {@code timeout} middleware and kept in
 * the exchange ({@code ex.attribute(Deadline.class)}). Work that can be stopped from another thread
 * registers a hook while it runs; when the deadline passes the hooks run once, on a thread of their
 * own, and the middleware answers 504.
 *
 * <pre>
 * stacks:
 *   api:
 *     - timeout: {after: 2s}
 * </pre>
 *
 * <p>Handlers use it like this — a hook never interrupts the request's thread (interrupting a
 * virtual thread blocked in JDBC closes the connection's socket):
 *
 * <pre>
 * try (Deadline.Registration r = Deadline.onExpiry(ex, statement::cancel)) {
 *   statement.execute();
 * }
 * </pre>
 */
public final class Deadline {
  private static final Logger LOG = Logger.getLogger("sluice.http");
  private static final Registration NOTHING = () -> {};

  private final long atNanos;
  private final Duration budget;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Hook> hooks = new ArrayList<>(2);
  private boolean fired;

  /**
   * A deadline {@code budget} after {@code startNanos} (a {@link System#nanoTime()} reading,
   * usually the request's arrival).
   */
  public Deadline(long startNanos, Duration budget) {
    this.atNanos = startNanos + budget.toNanos();
    this.budget = budget;
  }

  /** Work to stop when the deadline passes, e.g. {@code statement::cancel}. */
  @FunctionalInterface
  public interface Hook {
    void run() throws Exception;
  }

  /** Removes a hook; waits for it if it is running at that moment. */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** The deadline as a {@link System#nanoTime()} value. */
  public long atNanos() {
    return atNanos;
  }

  /** How long the request was given. */
  public Duration budget() {
    return budget;
  }

  /** Nanoseconds left; zero or less once the deadline has passed. */
  public long remainingNanos() {
    return atNanos - System.nanoTime();
  }

  /** Whether the deadline has passed. */
  public boolean passed() {
    return remainingNanos() <= 0;
  }

  /** The 504 problem a request that ran past its deadline is answered with. */
  public ProblemException exceeded() {
    return new ProblemException(
        Status.GATEWAY_TIMEOUT_504,
        "the request did not complete within its " + Durations.format(budget) + " deadline");
  }

  /**
   * Registers {@code hook} to run when the deadline passes, until the returned registration is
   * closed. Throws {@link #exceeded()} instead when the deadline has already passed, so the work is
   * not started at all.
   */
  public Registration register(Hook hook) {
    lock.lock();
    try {
      if (fired || passed()) {
        throw exceeded();
      }
      hooks.add(hook);
    } finally {
      lock.unlock();
    }
    return () -> {
      lock.lock();
      try {
        hooks.remove(hook);
      } finally {
        lock.unlock();
      }
    };
  }

  /**
   * Runs the registered hooks, once; called by the timeout middleware's timer when the deadline
   * passes. A registration closed meanwhile waits until its hook has finished, so work (a
   * statement) is never cancelled after its resources (the connection) were given back.
   */
  public void fire() {
    lock.lock();
    try {
      if (fired) {
        return;
      }
      fired = true;
      for (Hook h : List.copyOf(hooks)) {
        try {
          h.run();
        } catch (Exception e) {
          LOG.log(Level.FINE, "a deadline hook failed", e);
        }
      }
      hooks.clear();
    } finally {
      lock.unlock();
    }
  }

  /** The deadline of {@code ex}, if a timeout middleware set one. */
  public static Optional<Deadline> of(Exchange ex) {
    return ex.attribute(Deadline.class);
  }

  /**
   * {@link #register} on the exchange's deadline; a registration that does nothing when the request
   * has none.
   */
  public static Registration onExpiry(Exchange ex, Hook hook) {
    Optional<Deadline> d = of(ex);
    return d.isPresent() ? d.get().register(hook) : NOTHING;
  }

  /** The 504 to answer with when the exchange's deadline has passed. */
  public static Optional<ProblemException> exceeded(Exchange ex) {
    return of(ex).filter(Deadline::passed).map(Deadline::exceeded);
  }

  /**
   * Sleeps for {@code millis}, or only until the exchange's deadline when that comes first — then
   * throws its 504.
   */
  public static void sleep(Exchange ex, long millis) throws InterruptedException {
    Optional<Deadline> d = of(ex);
    long nanos = millis * 1_000_000L;
    if (d.isPresent() && d.get().remainingNanos() <= nanos) {
      long left = d.get().remainingNanos();
      if (left > 0) {
        Thread.sleep(Duration.ofNanos(left));
      }
      throw d.get().exceeded();
    }
    Thread.sleep(Duration.ofNanos(nanos));
  }
}
