package dev.sluice.log;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.time.Duration;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Sends every java.util.logging record (Sluice's, Helidon's, HikariCP's through SLF4J) to stdout as
 * JSON lines or text, at the configured level. INFO lines are written in batches (see {@link
 * LineHandler}); WARN and ERROR lines, and everything at exit, at once.
 */
public final class Logging {
  // java.util.logging holds loggers weakly: keep the one whose level is set here.
  private static final Logger HELIDON = Logger.getLogger("io.helidon");
  private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");

  /**
   * How long an INFO line may wait in the buffer before it is written: long enough to write a busy
   * access log in a few large writes, short enough for {@code tail -f}. WARN and ERROR lines go out
   * at once.
   */
  static final Duration MAX_DELAY = Duration.ofMillis(50);

  private Logging() {}

  /**
   * Replaces the root logger's handlers with one stdout handler.
   *
   * @param levelName {@code debug}, {@code info}, {@code warn} or {@code error}
   * @param text {@code key=value} text lines instead of JSON lines
   */
  public static void configure(String levelName, boolean text) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level level = level(levelName);
    Handler h = new LineHandler(new FileOutputStream(FileDescriptor.out), MAX_DELAY);
    h.setFormatter(text ? new TextFormatter() : new JsonFormatter());
    h.setLevel(level);
    root.addHandler(h);
    root.setLevel(level);
    // Helidon announces every feature at INFO; keep its chatter at WARN unless debugging.
    if (level.intValue() >= Level.INFO.intValue()) {
      HELIDON.setLevel(Level.WARNING);
      HIKARI.setLevel(Level.WARNING);
    }
  }

  /**
   * For the commands that do not serve: warnings and errors only, as text on stderr, so stdout
   * carries nothing but the command's own output.
   */
  public static void forCommandLine() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Handler h = new LineHandler(System.err, Duration.ZERO);
    h.setFormatter(new TextFormatter());
    h.setLevel(Level.WARNING);
    root.addHandler(h);
    root.setLevel(Level.WARNING);
  }

  /** Writes out every buffered line; called before the process exits. */
  public static void flush() {
    for (Handler h : Logger.getLogger("").getHandlers()) {
      h.flush();
    }
  }

  static Level level(String name) {
    return switch (name) {
      case "debug" -> Level.FINE;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }
}
