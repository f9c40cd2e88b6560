package dev.sluice.bind;

import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import java.util.List;

/** The outcome of loading a config: a snapshot, or every error found. */
public sealed interface LoadResult {

  /** Every file was valid. */
  record Loaded(ConfigSnapshot snapshot) implements LoadResult {}

  /**
   * At least one error; all of them, sorted by file, line and column. When gateway.yaml itself has
   * no error (a route file that cannot be read counts as one: it is reported at gateway.yaml's
   * {@code route-files} entry) and only routes do, {@code valid} holds the routes that are valid as
   * files, in snapshots that each clash nowhere (the routes that clash with no other one, then each
   * clashing route alone), so that building them (handlers, middleware arguments) can report their
   * errors in the same run. Never served.
   */
  record Invalid(List<ConfigError> errors, List<ConfigSnapshot> valid) implements LoadResult {
    public Invalid {
      errors = errors.stream().distinct().sorted().toList();
      valid = List.copyOf(valid);
    }

    public Invalid(List<ConfigError> errors) {
      this(errors, List.of());
    }
  }
}
