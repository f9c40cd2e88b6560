package dev.sluice.spec;

import java.time.Duration;

/**
 * The {@code reload:} section of gateway.yaml: how changed files become the running configuration
 * without a restart.
 *
 * <pre>
 * reload:
 *   watch: ${SLUICE_RELOAD_WATCH:-true}   # watch gateway.yaml, the route files and the schemas
 *   debounce: 250ms                       # wait for writes to settle before reloading
 *   drain-timeout: 30s                    # the old runtime closes when its last request ends,
 *                                         # or after this long at the latest
 * </pre>
 *
 * @param watch whether file changes trigger a reload (SIGHUP and {@code POST /admin/reload} always
 *     do)
 * @param debounce how long the files must stay unchanged before a watched change reloads
 * @param drainTimeout the longest a replaced runtime waits for its last request before its
 *     resources close anyway (a long stream must not pin it forever)
 */
public record ReloadSpec(boolean watch, Duration debounce, Duration drainTimeout) {
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(250);
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);

  /** Watching on, the default debounce and drain timeout. */
  public static ReloadSpec defaults() {
    return new ReloadSpec(true, DEFAULT_DEBOUNCE, DEFAULT_DRAIN_TIMEOUT);
  }
}
