package dev.sluice.server.metrics;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Loads a test config with extra environment variables into a route table, datasources open. */
final class Tables {
  private Tables() {}

  static GatewayRuntime open(Path config, Map<String, String> env) {
    Map<String, String> vars = new HashMap<>(System.getenv());
    vars.putAll(env);
    try {
      LoadResult r = new ConfigLoader(Environment.of(vars)).load(config);
      if (r instanceof LoadResult.Invalid i) {
        throw new AssertionError("test config " + config + " is invalid: " + i.errors());
      }
      var snapshot = ((LoadResult.Loaded) r).snapshot();
      GatewayRuntime.Result t = GatewayRuntime.build(snapshot);
      if (t instanceof GatewayRuntime.Result.Invalid i) {
        throw new AssertionError("test config " + config + " does not build: " + i.errors());
      }
      GatewayRuntime table = ((GatewayRuntime.Result.Built) t).runtime();
      table.open();
      return table;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
