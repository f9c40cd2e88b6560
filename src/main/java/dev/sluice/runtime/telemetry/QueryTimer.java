package dev.sluice.runtime.telemetry;

import io.helidon.metrics.api.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Times the statements of one SQL route on one datasource ({@code
 * sluice_db_query_duration_seconds}). Handed to the route's handler when it is built; records
 * nothing until a server with metrics binds it (so {@code validate-config} and metrics turned off
 * cost one volatile read).
 *
 * <pre>
 * long started = System.nanoTime();
 * try { ... execute ... } finally { timer.record(started); }
 * </pre>
 */
public final class QueryTimer {
  private final String datasource;
  private final String route;
  private volatile Timer timer;

  QueryTimer(String datasource, String route) {
    this.datasource = datasource;
    this.route = route;
  }

  /** Records the time since {@code startNanos} (a {@link System#nanoTime()} reading). */
  public void record(long startNanos) {
    Timer t = timer;
    if (t != null) {
      t.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }

  public String datasource() {
    return datasource;
  }

  public String route() {
    return route;
  }

  void bind(Timer timer) {
    this.timer = timer;
  }
}
