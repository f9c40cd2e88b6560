package dev.sluice.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.GatewaySpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the shipped config/gateway.yaml is safe as shipped — it is refused without
 * SLUICE_API_KEY_SHA256, the hash of the key writes need (EmbeddedDatabaseTest serves it: writes
 * without the key are 401s); the traffic port and the metrics listen on loopback unless SLUICE_HOST
 * / SLUICE_METRICS_HOST say otherwise.
 */
class ShippedConfigTest {
  static final Path CONFIG = Path.of("config/gateway.yaml");

  /** printf %s sluice-test-api-key | sha256sum */
  static final String KEY = "sluice-test-api-key";

  static final String KEY_SHA256 =
      "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb";

  @Test
  void withoutTheKeysHashTheConfigIsRefused() throws Exception {
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(CONFIG);
    assertThat(
        ((LoadResult.Invalid) r).errors().stream().map(ConfigError::message).toList(),
        contains(containsString("SLUICE_API_KEY_SHA256")));
  }

  @Test
  void everythingListensOnLoopbackUnlessToldOtherwise() throws Exception {
    GatewaySpec quiet = load(Map.of("SLUICE_API_KEY_SHA256", KEY_SHA256));
    assertThat(quiet.server().host(), is("127.0.0.1"));
    assertThat(quiet.telemetry().metrics().host(), is("127.0.0.1"));
    assertThat(quiet.telemetry().metrics().ownPort(), is(Optional.of(9464)));
    // the container's settings
    GatewaySpec open =
        load(
            Map.of(
                "SLUICE_API_KEY_SHA256", KEY_SHA256,
                "SLUICE_HOST", "0.0.0.0",
                "SLUICE_METRICS_HOST", "0.0.0.0"));
    assertThat(open.server().host(), is("0.0.0.0"));
    assertThat(open.telemetry().metrics().host(), is("0.0.0.0"));
  }

  private static GatewaySpec load(Map<String, String> env) throws Exception {
    LoadResult r = new ConfigLoader(Environment.of(env)).load(CONFIG);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors().toString());
    }
    return ((LoadResult.Loaded) r).snapshot().gateway();
  }
}
