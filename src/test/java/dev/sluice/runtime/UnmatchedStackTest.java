package dev.sluice.runtime;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unmatched stack is one chain for 404, 405 and 400: built once, its mistakes told once. */
class UnmatchedStackTest {
  @TempDir Path dir;

  @Test
  void aBadArgumentInTheUnmatchedStackIsReportedOnce() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server: {port: 0, unmatched-stack: edge}
        route-files: [routes.yaml]
        stacks:
          edge:
            - ip-filter: {allow: ["10.1.2.3/8"]}
        """);
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    assertThat(r, instanceOf(LoadResult.Invalid.class));
    var errors = ((LoadResult.Invalid) r).errors();
    assertThat(errors, hasSize(1));
    assertThat(errors.get(0).message(), containsString("10.1.2.3/8"));
    // the stack is bound once, whatever number of chains (404, 405, 400, routes) it ends up in
    for (ConfigSnapshot partial : ((LoadResult.Invalid) r).valid()) {
      GatewayRuntime.Result t = GatewayRuntime.build(partial);
      assertThat(t, instanceOf(GatewayRuntime.Result.Built.class));
      ((GatewayRuntime.Result.Built) t).runtime().close();
    }
  }
}
