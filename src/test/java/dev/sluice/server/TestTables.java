package dev.sluice.server;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import java.nio.file.Path;

/** Loads a test config from src/test/resources/configs/NAME/gateway.yaml into a route table. */
final class TestTables {
  private TestTables() {}

  static GatewayRuntime load(String name) {
    try {
      LoadResult r =
          new ConfigLoader(Environment.system())
              .load(Path.of("src/test/resources/configs", name, "gateway.yaml"));
      if (r instanceof LoadResult.Invalid i) {
        throw new AssertionError("test config " + name + " is invalid: " + i.errors());
      }
      GatewayRuntime.Result t = GatewayRuntime.build(((LoadResult.Loaded) r).snapshot());
      if (t instanceof GatewayRuntime.Result.Invalid i) {
        throw new AssertionError("test config " + name + " does not build: " + i.errors());
      }
      return ((GatewayRuntime.Result.Built) t).runtime();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
