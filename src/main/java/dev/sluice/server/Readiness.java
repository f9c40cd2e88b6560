package dev.sluice.server;

import dev.sluice.runtime.GatewayRuntime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What {@code /readyz} reports: a list of named checks, all of which must pass. The gateway's own
 * are "shutdown" (not draining) and "server" (accepting connections); the runtime being served adds
 * its own (a ping per datasource), read anew at each check so they follow a reload. A loaded config
 * needs no check: the server is only built from a snapshot that loaded.
 */
public final class Readiness {
  /** How long a datasource's ping may take before the check fails. */
  static final java.time.Duration PING_TIMEOUT = java.time.Duration.ofSeconds(1);

  private final List<Check> checks = new CopyOnWriteArrayList<>();
  private volatile Supplier<GatewayRuntime> runtime = () -> null;
  private volatile boolean draining;

  /** One named check; {@code probe} returns empty when healthy, else why not. */
  public record Check(String name, Supplier<java.util.Optional<String>> probe) {}

  /** The outcome of one check. */
  public record Outcome(String name, boolean up, String reason, long millis) {}

  public void add(String name, Supplier<java.util.Optional<String>> probe) {
    checks.add(new Check(name, probe));
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
    out.add(new Outcome("shutdown", !draining, draining ? "the gateway is shutting down" : "", 0));
    List<Check> all = new java.util.ArrayList<>(checks);
    GatewayRuntime now = runtime.get();
    if (now != null) {
      now.readinessChecks(PING_TIMEOUT).forEach(c -> all.add(new Check(c.name(), c.probe())));
    }
    for (Check c : all) {
      long t = System.nanoTime();
      java.util.Optional<String> problem;
      try {
        problem = c.probe().get();
      } catch (RuntimeException e) {
        problem = java.util.Optional.of("check failed: " + e.getClass().getSimpleName());
      }
      out.add(
          new Outcome(
              c.name(),
              problem.isEmpty(),
              problem.orElse(""),
              (System.nanoTime() - t) / 1_000_000));
    }
    return out;
  }
}
