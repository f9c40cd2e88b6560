package dev.sluice.server.reload;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.ResourceCache;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the configuration comes from — gateway.yaml and the environment its {@code ${VAR}}s read —
 * and everything {@code serve} checks before serving it: files, schemas, cross-file checks, and
 * building every route's handler and middleware. The commands, the start-up and every reload load
 * through here, so they agree on what is valid.
 */
public record ConfigSource(Path config, Environment env, ResourceCache cache) {

  /**
   * {@code config} read with {@code env}, building runtimes with a cache of their own (a server's
   * reloads share it, so what did not change is reused).
   */
  public static ConfigSource of(Path config, Environment env) {
    return new ConfigSource(config, env, ResourceCache.create());
  }

  /**
   * A runtime (built, not opened), or every error. When only route files have errors, the routes
   * that are valid as files are still built, so their handler and middleware errors come in the
   * same report.
   */
  public GatewayRuntime.Result load() throws UnreadableFileException {
    return build(files());
  }

  /** The files, read and bound: a snapshot, or the errors of each file. */
  LoadResult files() throws UnreadableFileException {
    return new ConfigLoader(env).load(config);
  }

  /** A runtime for {@code result}, or every error of the files and of building what is valid. */
  GatewayRuntime.Result build(LoadResult result) {
    return switch (result) {
      case LoadResult.Invalid invalid -> {
        List<ConfigError> errors = new ArrayList<>(invalid.errors());
        invalid.valid().forEach(partial -> errors.addAll(buildErrors(partial)));
        yield new GatewayRuntime.Result.Invalid(errors.stream().distinct().sorted().toList());
      }
      case LoadResult.Loaded loaded -> {
        GatewayRuntime.Result built = GatewayRuntime.build(loaded.snapshot(), cache);
        yield built instanceof GatewayRuntime.Result.Invalid i
            ? new GatewayRuntime.Result.Invalid(i.errors().stream().distinct().sorted().toList())
            : built;
      }
    };
  }

  /** The errors of building a config that is already known to be invalid. */
  private List<ConfigError> buildErrors(ConfigSnapshot partial) {
    return switch (GatewayRuntime.build(partial, cache)) {
      case GatewayRuntime.Result.Invalid i -> i.errors();
      case GatewayRuntime.Result.Built b -> {
        b.runtime().close();
        yield List.of();
      }
    };
  }
}
