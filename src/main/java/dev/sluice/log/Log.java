package dev.sluice.log;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Writes a log line with structured fields: {@code Log.info(LOG, "started", "port", 8080)}. */
public final class Log {
  private Log() {}

  public static void info(Logger logger, String msg, Object... kv) {
    log(logger, Level.INFO, msg, null, kv);
  }

  public static void warn(Logger logger, String msg, Object... kv) {
    log(logger, Level.WARNING, msg, null, kv);
  }

  public static void error(Logger logger, String msg, Throwable thrown, Object... kv) {
    log(logger, Level.SEVERE, msg, thrown, kv);
  }

  public static void log(Logger logger, Level level, String msg, Throwable thrown, Object... kv) {
    if (!logger.isLoggable(level)) {
      return;
    }
    LogRecord r = new LogRecord(level, msg);
    r.setLoggerName(logger.getName());
    r.setParameters(new Object[] {Fields.of(kv)});
    r.setThrown(thrown);
    logger.log(r);
  }
}
