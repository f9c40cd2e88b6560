package dev.sluice.metrics;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.Environment;
import dev.sluice.config.LoadResult;
import dev.sluice.handler.sql.Datasources;
import dev.sluice.middleware.MiddlewareRegistry;
import dev.sluice.routing.RouteTable;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Loads a test config with extra environment variables into a route table, datasources open. */
final class Tables {
  private Tables() {}

  static RouteTable open(Path config, Map<String, String> env) {
    Map<String, String> vars = new HashMap<>(System.getenv());
    vars.putAll(env);
    try {
      LoadResult r = new ConfigLoader(Environment.of(vars)).load(config);
      if (r instanceof LoadResult.Invalid i) {
        throw new AssertionError("test config " + config + " is invalid: " + i.errors());
      }
      var snapshot = ((LoadResult.Loaded) r).snapshot();
      RouteTable.Result t =
          RouteTable.build(snapshot, MiddlewareRegistry.standard(), Datasources.of(snapshot));
      if (t instanceof RouteTable.Result.Invalid i) {
        throw new AssertionError("test config " + config + " does not build: " + i.errors());
      }
      RouteTable table = ((RouteTable.Result.Built) t).table();
      table.datasources().open();
      return table;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
