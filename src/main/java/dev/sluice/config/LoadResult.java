package dev.sluice.config;

import java.util.List;
import java.util.Optional;

/** The outcome of loading a config: a snapshot, or every error found. */
public sealed interface LoadResult {

  /** Every file was valid. */
  record Loaded(ConfigSnapshot snapshot) implements LoadResult {}

  /**
   * At least one error; all of them, sorted by file, line and column. When gateway.yaml itself is
   * valid and only route files have errors, {@code valid} holds the config with the routes that
   * are, so that building them (handlers, middleware arguments) can report its errors in the same
   * run.
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
