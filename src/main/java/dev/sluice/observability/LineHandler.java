package dev.sluice.observability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * Writes formatted log lines to a stream (stdout or stderr) without a system call per line.
 *
 * <p>A line is formatted by the calling thread before any lock is taken, then appended to a buffer.
 * The buffer goes out when it passes {@value #WRITE_AT} bytes, when a WARN or ERROR line arrives (a
 * problem is on the stream at once, with every line before it), when the handler is flushed or
 * closed (java.util.logging closes handlers at JVM exit) and otherwise at the latest {@code
 * maxDelay} after its first line, from a daemon thread. With a zero delay every line is written at
 * once. The stream itself is never closed: a reset of the log manager would otherwise close stdout
 * or stderr for good.
 */
final class LineHandler extends Handler {
  static final int WRITE_AT = 32 * 1024;

  private final OutputStream out;
  private final long maxDelayNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private byte[] buf = new byte[64 * 1024];
  private int len;
  private long firstPendingNanos;
  private boolean closed;
  private final Thread flusher;

  LineHandler(OutputStream out, Duration maxDelay) {
    this.out = out;
    this.maxDelayNanos = maxDelay.toNanos();
    if (maxDelayNanos > 0) {
      flusher = Thread.ofPlatform().daemon().name("sluice-log-writer").unstarted(this::flushLoop);
      flusher.start();
    } else {
      flusher = null;
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
    boolean urgent = maxDelayNanos == 0 || record.getLevel().intValue() >= Level.WARNING.intValue();
    lock.lock();
    try {
      append(line);
      if (urgent || closed || len >= WRITE_AT) {
        writePending();
      }
    } finally {
      lock.unlock();
    }
  }

  private void append(byte[] line) {
    if (len + line.length > buf.length) {
      writePending();
      if (line.length > buf.length) {
        buf = new byte[line.length];
      }
    }
    if (len == 0) {
      firstPendingNanos = System.nanoTime();
    }
    System.arraycopy(line, 0, buf, len, line.length);
    len += line.length;
  }

  /** Writes the buffer out; the caller holds the lock. */
  private void writePending() {
    if (len == 0) {
      return;
    }
    try {
      out.write(buf, 0, len);
      out.flush();
    } catch (IOException e) {
      reportError("log lines could not be written", e, ErrorManager.WRITE_FAILURE);
    } finally {
      len = 0;
    }
  }

  @Override
  public void flush() {
    lock.lock();
    try {
      writePending();
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
      writePending();
    } finally {
      lock.unlock();
    }
    if (flusher != null) {
      flusher.interrupt();
    }
  }

  private void flushLoop() {
    long sleepNanos = maxDelayNanos;
    while (true) {
      try {
        Thread.sleep(Duration.ofNanos(sleepNanos));
      } catch (InterruptedException e) {
        return; // closed
      }
      lock.lock();
      try {
        if (closed) {
          return;
        }
        long age = System.nanoTime() - firstPendingNanos;
        if (len > 0 && age >= maxDelayNanos) {
          writePending();
          sleepNanos = maxDelayNanos;
        } else {
          sleepNanos = len > 0 ? maxDelayNanos - age : maxDelayNanos;
        }
      } finally {
        lock.unlock();
      }
    }
  }
}
