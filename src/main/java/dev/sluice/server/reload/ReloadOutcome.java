package dev.sluice.server.reload;

import dev.sluice.spec.ConfigError;
import java.util.List;

/** What one reload did. */
public sealed interface ReloadOutcome {
  /** The hash of the configuration serving after the reload. */
  String hash();

  /**
   * The new files serve.
   *
   * @param previous the hash of the configuration they replaced
   * @param restartRequired settings that changed but apply only after a restart
   */
  record Applied(String previous, String hash, List<String> restartRequired)
      implements ReloadOutcome {
    public Applied {
      restartRequired = List.copyOf(restartRequired);
    }
  }

  /** The files hash the same as the configuration serving: nothing was done. */
  record Unchanged(String hash) implements ReloadOutcome {}

  /**
   * The files are invalid (or a statement was refused by its database): the configuration that
   * served before keeps serving.
   */
  record Rejected(String hash, List<ConfigError> errors) implements ReloadOutcome {
    public Rejected {
      errors = List.copyOf(errors);
    }
  }
}
