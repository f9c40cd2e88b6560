package dev.sluice.server;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.ReadinessCheck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What {@code /readyz} reports: a list of named checks, every critical one of which must pass. The
 * gateway's own are "shutdown" (not draining) and "server" (accepting connections); the runtime
 * being served adds its own (each datasource, the SQL statements, Redis when a rate-limit policy
 * uses it: {@link GatewayRuntime#readinessChecks}), read anew at each check so they follow a
 * reload. A check that is not critical (a misconfigured route, a fail-open Redis store) is reported
 * DOWN without failing readiness. A loaded config needs no check: the server is only built from a
 * snapshot that loaded.
 */
public final class Readiness {
  /** How long a datasource's ping may take before the check fails. */
  static final java.time.Duration PING_TIMEOUT = java.time.Duration.ofSeconds(1);

  private final List<ReadinessCheck> checks = new CopyOnWriteArrayList<>();
  private volatile Supplier<GatewayRuntime> runtime = () -> null;
  private volatile boolean draining;

  /** The outcome of one check; {@code critical}: whether its being down fails readiness. */
  public record Outcome(String name, boolean up, boolean critical, String reason, long millis) {
    /** Up, or down without failing readiness. */
    public boolean passes() {
      return up || !critical;
    }
  }

  /** Adds a critical check; {@code probe} returns empty when healthy, else why not. */
  public void add(String name, Supplier<java.util.Optional<String>> probe) {
    checks.add(new ReadinessCheck(name, probe, true));
  }

  /** The runtime whose checks run too (the server's current one). */
  void runtime(Supplier<GatewayRuntime> current) {
    this.runtime = current;
  }

  /** From now on readiness fails: shutdown has begun. */
  public void drain() {
    draining = true;
  }

  public boolean draining() {
    return draining;
  }

  /**
   * The upstreams of the runtime being served, each target with its state: listed by {@code
   * /readyz?verbose}, never failing readiness (a target down is the upstream's problem).
   */
  public List<dev.sluice.runtime.proxy.UpstreamClient> upstreams() {
    GatewayRuntime now = runtime.get();
    return now == null ? List.of() : now.upstreams();
  }

  /** Runs every check. */
  public List<Outcome> run() {
    List<Outcome> out = new java.util.ArrayList<>();
    out.add(
        new Outcome(
            "shutdown", !draining, true, draining ? "the gateway is shutting down" : "", 0));
    List<ReadinessCheck> all = new java.util.ArrayList<>(checks);
    GatewayRuntime now = runtime.get();
    if (now != null) {
      all.addAll(now.readinessChecks(PING_TIMEOUT));
    }
    for (ReadinessCheck c : all) {
      long t = System.nanoTime();
      java.util.Optional<String> problem;
      try {
        problem = c.probe().get();
      } catch (RuntimeException e) {
        problem = java.util.Optional.of("check failed: " + e.getClass().getSimpleName());
      }
      String reason =
          problem.map(p -> c.note().isEmpty() ? p : p + "; " + c.note()).orElse(c.note());
      out.add(
          new Outcome(
              c.name(),
              problem.isEmpty(),
              c.critical(),
              reason,
              (System.nanoTime() - t) / 1_000_000));
    }
    return out;
  }
}
