package dev.sluice.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The log records of this JVM at or above a level, while open, each as one line: {@code LEVEL
 * logger message fields} (the fields as {@code Log} wrote them, key=value).
 */
public final class LogCapture implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (isLoggable(r)) {
            Object[] p = r.getParameters();
            lines.add(
                r.getLevel()
                    + " "
                    + r.getLoggerName()
                    + " "
                    + r.getMessage()
                    + (p == null || p.length == 0 || String.valueOf(p[0]).equals("{}")
                        ? ""
                        : " " + p[0]));
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private LogCapture(Level level) {
    handler.setLevel(level);
    root.addHandler(handler);
  }

  /** Captures the records at {@code level} and above until closed. */
  public static LogCapture of(Level level) {
    return new LogCapture(level);
  }

  /** The first line that matches, waiting up to {@code timeout} for it to be written. */
  public String await(String what, java.util.function.Predicate<String> match, Duration timeout) {
    return Await.value(
        what,
        timeout,
        () -> lines.stream().filter(match).findFirst().orElse(""),
        l -> !l.isEmpty());
  }

  /** The lines so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    root.removeHandler(handler);
  }
}
