package dev.sluice.runtime;

import dev.sluice.log.Log;
import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.middleware.MiddlewareResources;
import dev.sluice.runtime.middleware.auth.JwksSources;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.runtime.ratelimit.RedisBackend;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.RedisSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The middleware resources of one runtime, each created on first use and keyed by the spec it was
 * made from: a limiter per rate-limit policy, one Redis client per Redis URL, the JWKS sources, the
 * deadline timer. Closed with the runtime, newest first.
 */
final class RuntimeResources implements MiddlewareResources, AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.runtime");

  private final ConfigSnapshot snapshot;
  private final Map<RateLimitSpec, RateLimiter> limiters = new LinkedHashMap<>();
  private final Map<RedisSpec, RedisBackend> redis = new LinkedHashMap<>();
  private JwksSources jwks;
  private DeadlineTimer deadlines;
  private final List<AutoCloseable> opened = new ArrayList<>();

  RuntimeResources(ConfigSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  /**
   * @throws IllegalArgumentException for a Redis policy when gateway.yaml has no {@code redis:}
   */
  @Override
  public synchronized RateLimiter rateLimiter(RateLimitSpec policy) {
    RateLimiter l = limiters.get(policy);
    if (l == null) {
      l =
          RateLimiter.create(
              policy, this::redis, snapshot.gateway().telemetry().tracing().enabled());
      limiters.put(policy, l);
    }
    return l;
  }

  private synchronized RedisBackend redis() {
    RedisSpec spec =
        snapshot
            .gateway()
            .redis()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "store: redis needs a redis: section (url) in gateway.yaml"));
    return redis.computeIfAbsent(spec, s -> opened(RedisBackend.create(s)));
  }

  @Override
  public synchronized JwksSources jwks() {
    if (jwks == null) {
      jwks = opened(new JwksSources());
    }
    return jwks;
  }

  @Override
  public synchronized DeadlineTimer deadlines() {
    if (deadlines == null) {
      deadlines = opened(new DeadlineTimer());
    }
    return deadlines;
  }

  /** What each rate-limit policy in use decided since the runtime was built, by policy name. */
  synchronized Map<String, RateLimitCounters> rateLimitCounters() {
    Map<String, RateLimitCounters> m = new LinkedHashMap<>();
    limiters.forEach((spec, l) -> m.put(spec.name(), l.counters()));
    return m;
  }

  private <T extends AutoCloseable> T opened(T resource) {
    opened.add(resource);
    return resource;
  }

  @Override
  public synchronized void close() {
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (Exception e) {
        Log.log(LOG, Level.WARNING, "closing a middleware resource failed", e);
      }
    }
    opened.clear();
    limiters.clear();
    redis.clear();
  }
}
