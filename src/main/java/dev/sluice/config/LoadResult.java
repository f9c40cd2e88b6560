package dev.sluice.config;

import java.util.List;
import java.util.Optional;

/** The outcome of loading a config: a snapshot, or every error found. */
public sealed interface LoadResult {

  /** Every file was valid. */
  record Loaded(ConfigSnapshot snapshot) implements LoadResult {}

  /**
   * At least one error; all of them, sorted by file, line and column. When gateway.yaml itself has
   * no error (a route file that cannot be read counts as one: it is reported at gateway.yaml's
   * {@code route-files} entry) and only routes do, {@code valid} holds the config with the routes
   * that are valid and clash with none, so that building them (handlers, middleware arguments) can
   * report its errors in the same run. Never served.
   */
  record Invalid(List<ConfigError> errors, Optional<ConfigSnapshot> valid) implements LoadResult {
    public Invalid {
      errors = errors.stream().distinct().sorted().toList();
    }

    public Invalid(List<ConfigError> errors) {
      this(errors, Optional.empty());
    }
  }
}
