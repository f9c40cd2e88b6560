package dev.sluice.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.ConfigSnapshot;
import dev.sluice.config.Environment;
import dev.sluice.config.LoadResult;
import dev.sluice.middleware.MiddlewareContext;
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
  void oneLimiterPerPolicyAndOneRedisClientPerTable() throws Exception {
    ConfigSnapshot s =
        snapshot("outage", Map.of("SLUICE_PORT", "0", "SLUICE_REDIS_URL", "redis://127.0.0.1:1"));
    RateLimiter open;
    RateLimiter closed;
    try (MiddlewareContext table = MiddlewareContext.of(s)) {
      open = RateLimiter.shared(s.gateway().rateLimits().get("fail-open"), table);
      closed = RateLimiter.shared(s.gateway().rateLimits().get("fail-closed"), table);
      assertThat(
          RateLimiter.shared(s.gateway().rateLimits().get("fail-open"), table), sameInstance(open));
      assertThat(closed, not(sameInstance(open)));
      RedisBackend backend = table.shared(RedisBackend.KEY, c -> null);
      assertThat(((RedisStore) open.store()).backend(), sameInstance(backend));
      assertThat(((RedisStore) closed.store()).backend(), sameInstance(backend));
      assertThat(backend.connected(), is(false)); // building connects nowhere
    }
    // closed with the table: no more connection attempts
    StoreUnavailableException e =
        assertThrows(StoreUnavailableException.class, () -> open.check("k"));
    assertThat(e.getMessage(), is("the route table was closed"));
    assertThat(open.counters().storeFailures(), is(1L));
  }

  @Test
  void countsAllowedAndRejected() throws Exception {
    ConfigSnapshot s = snapshot("local", Map.of("SLUICE_PORT", "0"));
    try (MiddlewareContext table = MiddlewareContext.of(s)) {
      RateLimiter limiter = RateLimiter.shared(s.gateway().rateLimits().get("per-client"), table);
      for (int i = 0; i < 5; i++) {
        limiter.check("10.0.0.1");
      }
      assertThat(limiter.counters().allowed(), is(3L));
      assertThat(limiter.counters().rejected(), is(2L));
      assertThat(limiter.counters().storeFailures(), is(0L));
      assertThat(limiter.localBuckets(), is(1));
    }
  }
}
