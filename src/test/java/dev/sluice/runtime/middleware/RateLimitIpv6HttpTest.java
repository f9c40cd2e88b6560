package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.testing.GatewayExtension;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: an IPv6 client rotating its address inside its /64 takes every token from one bucket
 * ({@code ipv6-prefix}, default 64), through a trusted proxy's X-Forwarded-For.
 */
class RateLimitIpv6HttpTest {
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/ipv6/gateway.yaml");
  @RegisterExtension static final GatewayExtension gateway = GatewayExtension.of(CONFIG);

  /** The statuses of one request from each client address, in order. */
  private static List<Integer> statuses(String path, String... clients) throws Exception {
    List<Integer> out = new ArrayList<>();
    for (String client : clients) {
      out.add(
          gateway
              .send(HttpRequest.newBuilder(gateway.uri(path)).header("X-Forwarded-For", client))
              .statusCode());
    }
    return out;
  }

  @Test
  void rotatingAddressesInsideOneSlash64ShareOneBucket() throws Exception {
    assertThat(
        statuses(
            "/network",
            "2001:db8:a:1::1",
            "2001:db8:a:1::2",
            "2001:db8:a:1:ffff:1:2:3",
            "2001:db8:a:1::4",
            "[2001:db8:a:1::5]:4711"),
        contains(200, 200, 200, 429, 429));
    // the next /64 is another client, and so is an IPv4 client
    assertThat(statuses("/network", "2001:db8:a:2::1", "192.0.2.1"), contains(200, 200));
  }

  @Test
  void aPrefixOf128KeysEachAddress() throws Exception {
    assertThat(
        statuses(
            "/address",
            "2001:db8:b:1::1",
            "2001:db8:b:1::2",
            "2001:db8:b:1::3",
            "2001:db8:b:1::4",
            "2001:db8:b:1::4",
            "2001:db8:b:1::4",
            "2001:db8:b:1::4"),
        contains(200, 200, 200, 200, 200, 200, 429));
  }

  @Test
  void aShorterPrefixTakesInTheWholeSite() throws Exception {
    assertThat(
        statuses(
            "/site", "2001:db8:c:1::1", "2001:db8:c:2::1", "2001:db8:c:ff::1", "2001:db8:c::9"),
        contains(200, 200, 200, 429));
  }

  @Test
  void ipv6PrefixBelongsToClientIpKeysAndIsAtMost128(@TempDir Path dir) throws Exception {
    assertThat(
        errors(dir, "by-key: {capacity: 1, key: \"header:X-Api-Key\", ipv6-prefix: 64}"),
        contains(
            containsString(
                "/rate-limits/by-key/ipv6-prefix: ipv6-prefix applies to key: client-ip only")));
    assertThat(
        errors(dir, "too-long: {capacity: 1, key: client-ip, ipv6-prefix: 129}"),
        contains(containsString("/rate-limits/too-long/ipv6-prefix: must be at most 128")));
  }

  private static List<String> errors(Path dir, String policy) throws Exception {
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    Path config =
        Files.writeString(
            dir.resolve("gateway.yaml"),
            "server: {host: 127.0.0.1, port: 0}\nroute-files: [routes.yaml]\nrate-limits:\n  "
                + policy
                + "\nstacks: {plain: []}\n");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(config);
    return ((LoadResult.Invalid) r).errors().stream().map(ConfigError::format).toList();
  }
}
