package dev.sluice.server.metrics;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How reloads went: {@code sluice_config_reloads_total{result="applied|rejected"}}, {@code
 * sluice_config_last_reload_success_timestamp_seconds} (set by the load at start too) and {@code
 * sluice_config_restart_required} (1 once a reload changed a setting that only a restart applies).
 */
public final class ReloadMeters {
  static final String RELOADS = "sluice_config_reloads";
  static final String LAST_SUCCESS = "sluice_config_last_reload_success_timestamp_seconds";
  static final String RESTART_REQUIRED = "sluice_config_restart_required";

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private volatile double lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
  private volatile boolean restartRequired;

  private ReloadMeters() {}

  /** Meters that count but are exposed nowhere (metrics turned off). */
  public static ReloadMeters none() {
    return new ReloadMeters();
  }

  static ReloadMeters register(MetricsFactory factory, MeterRegistry registry) {
    ReloadMeters m = new ReloadMeters();
    for (String name : List.of(RELOADS, LAST_SUCCESS, RESTART_REQUIRED)) {
      Registries.replace(registry, name);
    }
    for (String result : List.of("applied", "rejected")) {
      registry.getOrCreate(
          factory
              .functionalCounterBuilder(
                  RELOADS, m, r -> (result.equals("applied") ? r.applied : r.rejected).get())
              .description(
                  "Configuration reloads since start, by result: applied (the new set serves)"
                      + " or rejected (invalid; the last good set keeps serving).")
              .tags(List.of(Tag.create("result", result))));
    }
    registry.getOrCreate(
        factory
            .gaugeBuilder(LAST_SUCCESS, m, r -> r.lastSuccessSeconds)
            .description(
                "When the configuration being served was loaded (the start, or the last applied"
                    + " reload), in seconds since the epoch."));
    registry.getOrCreate(
        factory
            .gaugeBuilder(RESTART_REQUIRED, m, r -> r.restartRequired ? 1.0 : 0.0)
            .description(
                "1 when a reload changed settings that only a restart applies (server listener,"
                    + " metrics or admin listener); they are logged at WARN."));
    return m;
  }

  /** A reload was applied. */
  public void applied() {
    applied.incrementAndGet();
    lastSuccessSeconds = System.currentTimeMillis() / 1000.0;
  }

  /** A reload was rejected. */
  public void rejected() {
    rejected.incrementAndGet();
  }

  /** From now on, until the process restarts, a restart is required. */
  public void restartRequired() {
    restartRequired = true;
  }
}
