package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.files.FileReading;
import dev.sluice.net.Cidr;
import dev.sluice.spec.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server.trusted-proxies} is parsed when gateway.yaml is bound, each entry at its line. */
class TrustedProxiesConfigTest {
  @TempDir Path dir;

  @Test
  void entriesAreParsedToCidrs() throws Exception {
    LoadResult r = load("[10.0.0.0/8, \"fd00::/8\", 192.0.2.1]");
    assertThat(
        ((LoadResult.Loaded) r).snapshot().gateway().server().trustedProxies(),
        is(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"), Cidr.parse("192.0.2.1"))));
  }

  @Test
  void anEntryThatIsNoCidrIsAnErrorAtItsPlace() throws Exception {
    LoadResult r = load("[10.0.0.0/8, proxy.internal]");
    assertThat(
        ((LoadResult.Invalid) r).errors().stream().map(ConfigError::format).toList(),
        contains(
            startsWith(
                FileReading.displayName(dir.resolve("gateway.yaml"))
                    + ":1:49: /server/trusted-proxies/1: \"proxy.internal\" is not a CIDR: "
                    + "\"proxy.internal\" is not an IP address")));
  }

  private LoadResult load(String proxies) throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        "server: {port: 0, trusted-proxies: "
            + proxies
            + "}\nroute-files: [routes.yaml]\nstacks: {s: []}\n");
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    return new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
  }
}
