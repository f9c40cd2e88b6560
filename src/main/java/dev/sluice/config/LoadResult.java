package dev.sluice.config;

import java.util.List;

/** The outcome of loading a config: a snapshot, or every error found. */
public sealed interface LoadResult {

  /** Every file was valid. */
  record Loaded(ConfigSnapshot snapshot) implements LoadResult {}

  /** At least one error; all of them, sorted by file, line and column. */
  record Invalid(List<ConfigError> errors) implements LoadResult {
    public Invalid {
      errors = errors.stream().distinct().sorted().toList();
    }
  }
}
