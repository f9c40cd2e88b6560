package dev.sluice.runtime;

import dev.sluice.runtime.sql.SqlHandler;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A named readiness check: empty when healthy, else why not (worded for a public endpoint).
 *
 * @param critical whether its failing fails readiness (else it is only reported)
 * @param note what the check always says, up or down (empty: nothing)
 */
public record ReadinessCheck(
    String name, Supplier<Optional<String>> probe, boolean critical, String note) {
  public ReadinessCheck(String name, Supplier<Optional<String>> probe, boolean critical) {
    this(name, probe, critical, "");
  }

  /**
   * {@code statements}: the SQL routes whose SQL the database rejects, by id. Not critical: the
   * other routes serve.
   */
  static ReadinessCheck statements(List<RuntimeRoute> sqlRoutes) {
    return new ReadinessCheck(
        "statements",
        () -> {
          List<String> ids =
              sqlRoutes.stream()
                  .filter(r -> ((SqlHandler) r.handler()).misconfigured())
                  .map(r -> r.spec().id())
                  .toList();
          return ids.isEmpty()
              ? Optional.empty()
              : Optional.of(
                  "misconfigured: "
                      + String.join(", ", ids)
                      + " (the database rejects their SQL; see the log; the other routes serve)");
        },
        false);
  }
}
