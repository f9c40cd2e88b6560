package dev.sluice.cli;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.reload.ConfigSource;
import dev.sluice.spec.ConfigError;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything {@code serve} would check before serving — files, schemas, cross-file checks, and
 * building every route's middleware — shared by the three commands so they agree.
 */
final class Loaded {
  private Loaded() {}

  /** A runtime (not opened), or every error; see {@link ConfigSource#load()}. */
  static GatewayRuntime.Result load(Path config) throws UnreadableFileException {
    return source(config).load();
  }

  /** {@code config} with the process environment. */
  static ConfigSource source(Path config) {
    return ConfigSource.of(config, Environment.system());
  }

  /** Prints each error as {@code file:line:column: pointer: message}. */
  static void printErrors(java.io.PrintWriter out, List<ConfigError> errors) {
    errors.forEach(e -> out.println(e.format()));
    out.println(
        errors.size()
            + (errors.size() == 1 ? " error" : " errors")
            + " in "
            + fileCount(errors)
            + ".");
    out.flush();
  }

  private static String fileCount(List<ConfigError> errors) {
    long n = errors.stream().map(ConfigError::file).distinct().count();
    return n + (n == 1 ? " file" : " files");
  }
}
