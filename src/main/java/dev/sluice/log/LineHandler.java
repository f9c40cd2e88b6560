package dev.sluice.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes formatted log lines to a stream (stdout or stderr) without a system call per line and
 * without making request threads wait for one.
 *
 * <p>A line is formatted by the calling thread before any lock is taken, then copied into a buffer
 * under a short lock. A daemon writer thread swaps the buffer for an empty one and writes it out,
 * at the latest {@code maxDelay} after its first line, or as soon as it passes {@value #WRITE_AT}
 * bytes; the system call happens on that thread, outside the buffer's lock. A WARN or ERROR line is
 * written by its own thread before {@code publish} returns, together with every line before it (a
 * problem is on the stream at once, in order); so is everything on {@link #flush()} and {@link
 * #close()} (java.util.logging closes handlers at JVM exit). With a zero delay every line is
 * written at once. If the writer falls behind by a whole buffer, the logging thread writes it
 * itself: memory stays bounded. The stream is never closed: a reset of the log manager would
 * otherwise close stdout or stderr for good.
 */
final class LineHandler extends Handler {
  static final int WRITE_AT = 32 * 1024;
  private static final int CAPACITY = 128 * 1024;

  private final OutputStream out;
  private final long maxDelayNanos;

  /** Guards {@link #buf}, {@link #len}, {@link #firstPendingNanos} and {@link #closed}. */
  private final ReentrantLock lock = new ReentrantLock();

  /** Held while writing to {@link #out}; taken after {@link #lock} when both are needed. */
  private final ReentrantLock writeLock = new ReentrantLock();

  private byte[] buf = new byte[CAPACITY];
  private byte[] spare = new byte[CAPACITY]; // the writer thread's, while it writes
  private int len;
  private long firstPendingNanos;
  private boolean closed;
  private final Thread writer;

  LineHandler(OutputStream out, Duration maxDelay) {
    this.out = out;
    this.maxDelayNanos = maxDelay.toNanos();
    if (maxDelayNanos > 0) {
      writer = Thread.ofPlatform().daemon().name("sluice-log-writer").unstarted(this::writeLoop);
      writer.start();
    } else {
      writer = null;
    }
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    byte[] line;
    try {
      line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
    } catch (RuntimeException e) {
      reportError("log line could not be formatted", e, ErrorManager.FORMAT_FAILURE);
      return;
    }
    boolean urgent = writer == null || record.getLevel().intValue() >= Level.WARNING.intValue();
    boolean wake = false;
    lock.lock();
    try {
      if (urgent || closed || len + line.length > buf.length) {
        writeAllLocked(line);
        return;
      }
      if (len == 0) {
        firstPendingNanos = System.nanoTime();
      }
      System.arraycopy(line, 0, buf, len, line.length);
      len += line.length;
      wake = len >= WRITE_AT && len - line.length < WRITE_AT;
    } finally {
      lock.unlock();
    }
    if (wake) {
      LockSupport.unpark(writer);
    }
  }

  /**
   * Writes the buffer, then {@code line} (may be null), on the calling thread; the caller holds
   * {@link #lock}. Waits for a write in progress on the writer thread, which holds older lines.
   */
  private void writeAllLocked(byte[] line) {
    writeLock.lock();
    try {
      if (line != null && len + line.length <= buf.length) {
        System.arraycopy(line, 0, buf, len, line.length);
        len += line.length;
        line = null;
      }
      if (len > 0) {
        write(buf, len);
        len = 0;
      }
      if (line != null) {
        write(line, line.length);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void write(byte[] bytes, int n) {
    try {
      out.write(bytes, 0, n);
      out.flush();
    } catch (IOException e) {
      reportError("log lines could not be written", e, ErrorManager.WRITE_FAILURE);
    }
  }

  @Override
  public void flush() {
    lock.lock();
    try {
      writeAllLocked(null);
    } finally {
      lock.unlock();
    }
  }

  /** Writes what is pending; later lines are written at once. The stream stays open. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      writeAllLocked(null);
    } finally {
      lock.unlock();
    }
    if (writer != null) {
      LockSupport.unpark(writer);
    }
  }

  private void writeLoop() {
    while (true) {
      byte[] full;
      int n;
      long sleepNanos;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        long age = System.nanoTime() - firstPendingNanos;
        if (len == 0 || (len < WRITE_AT && age < maxDelayNanos)) {
          // An idle writer still wakes every maxDelay: having the first line's request thread
          // wake it instead put a futex call on the request path and cost the static-route
          // benchmark about a tenth of its throughput (docs/benchmarks.md).
          sleepNanos = len == 0 ? maxDelayNanos : maxDelayNanos - age;
          full = null;
          n = 0;
        } else {
          // Take the writer lock before letting go of the buffer lock, so a line written
          // synchronously next cannot overtake these.
          writeLock.lock();
          full = buf;
          n = len;
          buf = spare;
          len = 0;
          sleepNanos = 0;
        }
      } finally {
        lock.unlock();
      }
      if (full != null) {
        try {
          write(full, n);
        } finally {
          spare = full; // only this thread swaps, and only while holding writeLock
          writeLock.unlock();
        }
      } else {
        LockSupport.parkNanos(this, sleepNanos);
      }
    }
  }
}
