package dev.sluice.runtime.proxy;

import dev.sluice.spec.UpstreamSpec;
import java.net.URI;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One instance of an upstream and what Sluice knows of it: requests in flight (for least-requests),
 * a permit per allowed connection ({@code max-connections}: the JDK client's pool has no bound of
 * its own), failures in a row and the time an ejection ends (outlier detection), and the verdict of
 * the active health checks.
 */
final class Target {
  final URI uri;

  /** {@code host:port} as metrics and logs name it. */
  final String address;

  final Semaphore permits;
  final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile long ejectedUntilNanos;
  private volatile boolean ejected;
  final LongAdder ejections = new LongAdder();
  volatile boolean healthy = true;

  /** Health-check results in a row, positive for passes and negative for failures. */
  private int checkStreak;

  Target(URI uri, int maxConnections) {
    this.uri = uri;
    this.address = uri.getHost() + ":" + uri.getPort();
    this.permits = new Semaphore(maxConnections);
  }

  /** Whether requests may go here now: healthy and not ejected. */
  boolean available(long nowNanos) {
    if (!healthy) {
      return false;
    }
    if (ejected && nowNanos - ejectedUntilNanos >= 0) {
      ejected = false; // the ejection ended: readmitted
      consecutiveFailures.set(0);
    }
    return !ejected;
  }

  /** Nanoseconds until this target may take requests again (0 when it may now). */
  long unavailableForNanos(long nowNanos) {
    return ejected ? Math.max(0, ejectedUntilNanos - nowNanos) : 0;
  }

  void succeeded() {
    consecutiveFailures.set(0);
  }

  /** A failed request; ejects the target after enough of them in a row. */
  void failed(UpstreamSpec.Outlier outlier, long nowNanos) {
    if (outlier.enabled()
        && consecutiveFailures.incrementAndGet() >= outlier.consecutiveFailures()
        && !ejected) {
      ejectedUntilNanos = nowNanos + outlier.ejectFor().toNanos();
      ejected = true;
      ejections.increment();
    }
  }

  boolean ejected() {
    return ejected && System.nanoTime() - ejectedUntilNanos < 0;
  }

  /** One health-check result; {@code healthy} flips after enough of one kind in a row. */
  synchronized void checked(boolean passed, UpstreamSpec.HealthCheck check) {
    checkStreak = passed ? Math.max(1, checkStreak + 1) : Math.min(-1, checkStreak - 1);
    if (healthy && -checkStreak >= check.unhealthyAfter()) {
      healthy = false;
    } else if (!healthy && checkStreak >= check.healthyAfter()) {
      healthy = true;
    }
  }
}
