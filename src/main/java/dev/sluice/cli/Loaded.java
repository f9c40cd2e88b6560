package dev.sluice.cli;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code serve} would check before serving — files, schemas, cross-file checks, and
 * building every route's middleware — shared by the three commands so they agree.
 */
final class Loaded {
  private Loaded() {}

  /** A runtime (not opened), or every error. */
  static GatewayRuntime.Result load(Path config) throws UnreadableFileException {
    LoadResult result = new ConfigLoader(Environment.system()).load(config);
    return switch (result) {
      case LoadResult.Invalid invalid -> {
        // the routes that are valid as files are still built: their handler and middleware errors
        // belong in the same report
        List<ConfigError> errors = new ArrayList<>(invalid.errors());
        invalid.valid().forEach(partial -> errors.addAll(buildErrors(partial)));
        yield new GatewayRuntime.Result.Invalid(errors.stream().distinct().sorted().toList());
      }
      case LoadResult.Loaded loaded -> {
        GatewayRuntime.Result built = build(loaded.snapshot());
        yield built instanceof GatewayRuntime.Result.Invalid i
            ? new GatewayRuntime.Result.Invalid(i.errors().stream().distinct().sorted().toList())
            : built;
      }
    };
  }

  /** The errors of building a config that is already known to be invalid; the runtime is closed. */
  private static List<ConfigError> buildErrors(ConfigSnapshot partial) {
    return switch (build(partial)) {
      case GatewayRuntime.Result.Invalid i -> i.errors();
      case GatewayRuntime.Result.Built b -> {
        b.runtime().close();
        yield List.of();
      }
    };
  }

  private static GatewayRuntime.Result build(ConfigSnapshot snapshot) {
    return GatewayRuntime.build(snapshot);
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
