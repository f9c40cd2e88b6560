package dev.sluice.runtime.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigSnapshot;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  static ConfigSnapshot snapshot(String name, Map<String, String> env) throws Exception {
    LoadResult r =
        new ConfigLoader(Environment.of(env))
            .load(Path.of("src/test/resources/configs/ratelimit", name, "gateway.yaml"));
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }

  @Test
  void redisPoliciesShareTheRuntimesClient() throws Exception {
    ConfigSnapshot s =
        snapshot("outage", Map.of("SLUICE_PORT", "0", "SLUICE_REDIS_URL", "redis://127.0.0.1:1"));
    RateLimiter open;
    try (RedisBackend backend = RedisBackend.create(s.gateway().redis().orElseThrow())) {
      open = RateLimiter.create(s.gateway().rateLimits().get("fail-open"), () -> backend, false);
      RateLimiter closed =
          RateLimiter.create(s.gateway().rateLimits().get("fail-closed"), () -> backend, true);
      assertThat(((RedisStore) open.store()).backend(), sameInstance(backend));
      assertThat(
          ((RedisStore) ((TracedStore) closed.store()).store()).backend(), sameInstance(backend));
      assertThat(backend.connected(), is(false)); // building connects nowhere
    }
    // closed with the runtime: no more connection attempts
    StoreUnavailableException e =
        assertThrows(StoreUnavailableException.class, () -> open.check("k"));
    assertThat(e.getMessage(), is("the route table was closed"));
    assertThat(open.counters().storeFailures(), is(1L));
  }

  @Test
  void countsAllowedAndRejected() throws Exception {
    ConfigSnapshot s = snapshot("local", Map.of("SLUICE_PORT", "0"));
    RateLimiter limiter =
        RateLimiter.create(
            s.gateway().rateLimits().get("per-client"),
            () -> {
              throw new AssertionError("a local policy needs no Redis");
            },
            false);
    for (int i = 0; i < 5; i++) {
      limiter.check("10.0.0.1");
    }
    assertThat(limiter.counters().allowed(), is(3L));
    assertThat(limiter.counters().rejected(), is(2L));
    assertThat(limiter.counters().storeFailures(), is(0L));
    assertThat(limiter.localBuckets(), is(1));
  }
}
