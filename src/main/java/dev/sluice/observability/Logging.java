package dev.sluice.observability;

import dev.sluice.config.LoggingSpec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Sends every java.util.logging record (Sluice's, Helidon's, HikariCP's through SLF4J) to stdout as
 * JSON lines or text, at the configured level.
 */
public final class Logging {
  // java.util.logging holds loggers weakly: keep the one whose level is set here.
  private static final Logger HELIDON = Logger.getLogger("io.helidon");
  private static final Logger HIKARI = Logger.getLogger("com.zaxxer.hikari");

  private Logging() {}

  /** Replaces the root logger's handlers with one stdout handler for {@code spec}. */
  public static void configure(LoggingSpec spec) {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    Level level = level(spec.level());
    Handler h = new StdoutHandler(new FileOutputStream(FileDescriptor.out));
    h.setFormatter(
        spec.format() == LoggingSpec.Format.TEXT ? new TextFormatter() : new JsonFormatter());
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
    Handler h = new StdoutHandler(System.err);
    h.setFormatter(new TextFormatter());
    h.setLevel(Level.WARNING);
    root.addHandler(h);
    root.setLevel(Level.WARNING);
  }

  static Level level(String name) {
    return switch (name) {
      case "debug" -> Level.FINE;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
  }

  /**
   * A stream handler that flushes every record, so lines appear at once and none is lost at exit,
   * and that never closes its stream (a reset of the log manager would otherwise close stdout or
   * stderr for good).
   */
  private static final class StdoutHandler extends StreamHandler {
    StdoutHandler(OutputStream out) {
      super(out, new JsonFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
      super.publish(record);
      flush();
    }

    @Override
    public synchronized void close() {
      flush();
    }
  }
}
