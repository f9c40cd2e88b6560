package dev.sluice.server.reload;

import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.GatewaySpec;
import dev.sluice.spec.ServerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings a reload does not apply, because they shape listeners or process-wide state built
 * once at start: the server's listener (host, port, limits, timeouts, shutdown), the metrics and
 * admin listeners, logging and the export of log records, and whether files are watched. Routes,
 * stacks, middleware, datasources, rate limits, Redis, tracing and trusted proxies are applied.
 */
final class RestartRequired {
  private RestartRequired() {}

  /** The keys whose values differ between {@code running} and {@code loaded}, in file order. */
  static List<String> changed(GatewaySpec running, GatewaySpec loaded) {
    List<String> keys = new ArrayList<>();
    ServerSpec a = running.server();
    ServerSpec b = loaded.server();
    differs(keys, "server.host", a.host(), b.host());
    differs(keys, "server.port", a.port(), b.port());
    differs(keys, "server.shutdown.drain-delay", a.drainDelay(), b.drainDelay());
    differs(keys, "server.shutdown.grace", a.grace(), b.grace());
    differs(keys, "server.limits", a.limits(), b.limits());
    differs(keys, "logging", running.logging(), loaded.logging());
    differs(keys, "telemetry.metrics", running.telemetry().metrics(), loaded.telemetry().metrics());
    differs(keys, "telemetry.logs", running.telemetry().logs(), loaded.telemetry().logs());
    differs(keys, "admin", admin(running.admin()), admin(loaded.admin()));
    differs(keys, "reload.watch", running.reload().watch(), loaded.reload().watch());
    return keys;
  }

  /** The admin listener's settings, without where they were written. */
  private static Optional<List<Object>> admin(Optional<AdminSpec> a) {
    return a.map(s -> List.of(s.host(), s.port(), s.stack()));
  }

  private static void differs(List<String> keys, String key, Object running, Object loaded) {
    if (!Objects.equals(running, loaded)) {
      keys.add(key);
    }
  }
}
