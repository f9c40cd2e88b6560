package dev.sluice.server.reload;

import dev.sluice.bind.LoadResult;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.log.Log;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.metrics.GatewayMetrics;
import dev.sluice.spec.ConfigError;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes changed files the running configuration without a restart. A reload loads and validates the
 * whole set exactly as {@code validate-config} does; on any error the last good runtime keeps
 * serving and every error is logged. Otherwise the new runtime is built and opened, its statements
 * are described by every datasource that answers (a statement the database refuses rejects the
 * reload), and it replaces the running one in one reference swap. The replaced runtime closes after
 * its last request ends, or after {@code reload.drain-timeout}. Reloads run one at a time.
 */
public final class Reloader {
  private static final Logger LOG = Logger.getLogger("sluice.reload");

  private final ConfigSource source;
  private final AtomicReference<GatewayRuntime> current;
  private final GatewayMetrics metrics;
  private volatile Status status;
  private final java.util.concurrent.atomic.AtomicLong rejected =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param current the reference requests read the runtime from; its value is the running runtime
   */
  public Reloader(
      ConfigSource source, AtomicReference<GatewayRuntime> current, GatewayMetrics metrics) {
    this.source = source;
    this.current = current;
    this.metrics = metrics;
    this.status = new Status(Instant.now(), "start", null);
  }

  /** When the running configuration was loaded, and how the last reload went. */
  public record Status(Instant loadedAt, String trigger, ReloadOutcome last) {}

  public Status status() {
    return status;
  }

  /** How many reloads were rejected since start. */
  public long rejectedCount() {
    return rejected.get();
  }

  public ConfigSource source() {
    return source;
  }

  /**
   * Reloads now.
   *
   * @param trigger what asked for it, for the log: {@code watch}, {@code SIGHUP}, {@code admin}
   */
  public synchronized ReloadOutcome reload(String trigger) {
    long started = System.nanoTime();
    GatewayRuntime running = current.get();
    String runningHash = running.snapshot().hash();
    LoadResult files;
    try {
      files = source.files();
    } catch (UnreadableFileException e) {
      return rejected(
          trigger,
          runningHash,
          List.of(ConfigError.file(source.config().toString(), e.getMessage())));
    }
    if (files instanceof LoadResult.Loaded l && l.snapshot().hash().equals(runningHash)) {
      Log.info(
          LOG,
          "config unchanged: nothing to reload",
          "trigger",
          trigger,
          "config_hash",
          runningHash);
      return remember(trigger, new ReloadOutcome.Unchanged(runningHash), false);
    }
    GatewayRuntime.Result built = source.build(files);
    if (built instanceof GatewayRuntime.Result.Invalid i) {
      return rejected(trigger, runningHash, i.errors());
    }
    GatewayRuntime next = ((GatewayRuntime.Result.Built) built).runtime();
    List<ConfigError> refused;
    try {
      refused = next.open();
    } catch (SQLException | RuntimeException e) {
      next.close();
      return rejected(
          trigger,
          runningHash,
          List.of(ConfigError.file(source.config().toString(), "cannot open: " + e.getMessage())));
    }
    if (!refused.isEmpty()) {
      next.close();
      return rejected(trigger, runningHash, refused);
    }
    List<String> restart =
        RestartRequired.changed(running.snapshot().gateway(), next.snapshot().gateway());
    current.set(next);
    metrics.runtimeChanged(current::get);
    metrics.reloads().applied();
    Log.info(
        LOG,
        "config reloaded",
        "trigger",
        trigger,
        "config_hash",
        next.snapshot().hash(),
        "previous_hash",
        runningHash,
        "routes",
        next.snapshot().routes().size(),
        "duration_ms",
        (System.nanoTime() - started) / 1_000_000);
    for (String key : restart) {
      Log.warn(
          LOG,
          "config reload: this setting changed but applies only after a restart",
          "setting",
          key);
    }
    if (!restart.isEmpty()) {
      metrics.reloads().restartRequired();
    }
    retire(running, next.snapshot().gateway().reload().drainTimeout());
    return remember(
        trigger, new ReloadOutcome.Applied(runningHash, next.snapshot().hash(), restart), true);
  }

  private ReloadOutcome rejected(String trigger, String runningHash, List<ConfigError> errors) {
    rejected.incrementAndGet();
    metrics.reloads().rejected();
    Log.error(
        LOG,
        "config reload rejected: the configuration serving keeps serving",
        null,
        "trigger",
        trigger,
        "errors",
        errors.size(),
        "config_hash",
        runningHash);
    for (ConfigError e : errors) {
      Log.error(LOG, e.format(), null);
    }
    return remember(trigger, new ReloadOutcome.Rejected(runningHash, errors), false);
  }

  private ReloadOutcome remember(String trigger, ReloadOutcome outcome, boolean applied) {
    Status was = status;
    status = new Status(applied ? Instant.now() : was.loadedAt(), trigger, outcome);
    return outcome;
  }

  /** Closes {@code old} once its last request has ended, on a thread of its own. */
  private static void retire(GatewayRuntime old, Duration drainTimeout) {
    Thread.ofVirtual()
        .name("sluice-retire")
        .start(
            () -> {
              try {
                long running = old.inFlight();
                boolean drained = old.retire(drainTimeout);
                Log.log(
                    LOG,
                    drained ? Level.INFO : Level.WARNING,
                    drained
                        ? "previous configuration closed after its last request"
                        : "previous configuration closed after reload.drain-timeout with requests"
                            + " still running",
                    null,
                    "config_hash",
                    old.snapshot().hash(),
                    "requests_at_swap",
                    running,
                    "still_running",
                    old.inFlight());
              } catch (InterruptedException e) {
                old.close();
                Thread.currentThread().interrupt();
              }
            });
  }
}
