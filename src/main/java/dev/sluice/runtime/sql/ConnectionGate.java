package dev.sluice.runtime.sql;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Admission to one connection pool, in arrival order, with as many permits as the pool has
 * connections. Unlike a fair {@link java.util.concurrent.Semaphore} with a timeout, a waiter parks
 * without a timer: a virtual thread's timed park registers with, and its early wake-up cancels at,
 * the scheduler's delay thread, two thread wake-ups per queued request that cost more CPU than the
 * request's own work on a small machine (docs/benchmarks.md). Waits are ended instead by {@link
 * #expire(long)}, which the {@link SqlWatchdog} calls every few tens of milliseconds, so a timeout
 * fires up to one tick late.
 *
 * <p>A permit released while requests wait goes straight to the oldest one; it never returns to the
 * count in between, so a newcomer cannot overtake the queue.
 */
final class ConnectionGate {
  private static final int WAITING = 0;
  private static final int GRANTED = 1;
  private static final int TIMED_OUT = 2;

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Waiter> queue = new ArrayDeque<>();
  private int permits;

  ConnectionGate(int permits) {
    this.permits = permits;
  }

  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final long deadline;
    volatile int state = WAITING;

    Waiter(long deadline) {
      this.deadline = deadline;
    }
  }

  /**
   * Takes a permit, waiting until {@code deadlineNanos} ({@link System#nanoTime()} clock) at most.
   *
   * @return false when the deadline passed first
   * @throws InterruptedException when interrupted while waiting (no permit is kept)
   */
  boolean acquire(long deadlineNanos) throws InterruptedException {
    Waiter w;
    lock.lock();
    try {
      if (permits > 0 && queue.isEmpty()) {
        permits--;
        return true;
      }
      w = new Waiter(deadlineNanos);
      queue.addLast(w);
    } finally {
      lock.unlock();
    }
    while (true) {
      LockSupport.park(this);
      int state = w.state;
      if (state == GRANTED) {
        return true;
      }
      if (state == TIMED_OUT) {
        return false;
      }
      if (Thread.interrupted()) {
        abandon(w);
        throw new InterruptedException();
      }
    }
  }

  private void abandon(Waiter w) {
    lock.lock();
    try {
      if (w.state == GRANTED) {
        grantOrKeep(); // it was handed over as we gave up: pass it on
      } else {
        queue.remove(w);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns a permit: to the oldest waiter, or to the count when nobody waits. */
  void release() {
    lock.lock();
    try {
      grantOrKeep();
    } finally {
      lock.unlock();
    }
  }

  private void grantOrKeep() {
    Waiter w = queue.pollFirst();
    if (w == null) {
      permits++;
      return;
    }
    w.state = GRANTED;
    LockSupport.unpark(w.thread);
  }

  /** Ends the waits whose deadline is at or before {@code now}. */
  void expire(long now) {
    end(w -> w.deadline - now <= 0);
  }

  /** Ends every wait, whatever its deadline (the pool is closing). */
  void expireAll() {
    end(w -> true);
  }

  private void end(Predicate<Waiter> which) {
    lock.lock();
    try {
      for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (which.test(w)) {
          it.remove();
          w.state = TIMED_OUT;
          LockSupport.unpark(w.thread);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many requests wait. */
  int waiting() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }
}
