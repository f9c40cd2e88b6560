package dev.sluice.runtime;

import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.middleware.MiddlewareResources;
import dev.sluice.runtime.middleware.auth.JwksKeys;
import dev.sluice.runtime.proxy.UpstreamClient;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.runtime.ratelimit.RedisBackend;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.JwtArgs;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.RedisSpec;
import dev.sluice.spec.UpstreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The middleware resources of one runtime, taken from the process's {@link ResourceCache} by the
 * settings they are made from — a limiter per rate-limit policy (with its buckets), the Redis
 * client, the keys of each JWKS, the deadline timer — so a reload that leaves a policy alone keeps
 * its buckets. Closing releases what it took.
 */
final class RuntimeResources implements MiddlewareResources, AutoCloseable {
  private final ConfigSnapshot snapshot;
  private final ResourceCache cache;
  private final Map<RateLimitSpec, RateLimiter> limiters = new LinkedHashMap<>();
  private final List<Object> taken = new ArrayList<>();
  private final Map<JwksKey, JwksKeys> jwks = new LinkedHashMap<>();
  private final Map<UpstreamSpec, UpstreamClient> upstreams = new LinkedHashMap<>();
  private DeadlineTimer deadlines;
  private RedisBackend redis;

  RuntimeResources(ConfigSnapshot snapshot, ResourceCache cache) {
    this.snapshot = snapshot;
    this.cache = cache;
  }

  /** A policy's limiter is the same while these settings are. */
  private record LimiterKey(
      String name,
      long capacity,
      long refill,
      Duration period,
      String key,
      RateLimitSpec.Store store,
      boolean allowOnStoreFailure,
      int maxKeys,
      boolean traced,
      Optional<RedisKey> redis) {}

  /** A Redis client is the same while its URL and timeout are; never printed (the URL). */
  private record RedisKey(String url, Duration timeout) {
    @Override
    public String toString() {
      return "redis client";
    }
  }

  /**
   * @throws IllegalArgumentException for a Redis policy when gateway.yaml has no {@code redis:}
   */
  @Override
  public synchronized RateLimiter rateLimiter(RateLimitSpec policy) {
    RateLimiter l = limiters.get(policy);
    if (l == null) {
      boolean traced = snapshot.gateway().telemetry().tracing().enabled();
      Optional<RedisKey> redis =
          policy.store() == RateLimitSpec.Store.REDIS ? Optional.of(redisKey()) : Optional.empty();
      LimiterKey key =
          new LimiterKey(
              policy.name(),
              policy.capacity(),
              policy.refill(),
              policy.period(),
              policy.key(),
              policy.store(),
              policy.allowOnStoreFailure(),
              policy.maxKeys(),
              traced,
              redis);
      // a Redis policy's runtime holds the client too, also when it reuses the limiter
      RedisBackend backend = redis.isPresent() ? redis() : null;
      l =
          take(key, () -> new ClosingLimiter(RateLimiter.create(policy, () -> backend, traced)))
              .limiter();
      limiters.put(policy, l);
    }
    return l;
  }

  /** A limiter in the cache: nothing to close (its Redis client is a resource of its own). */
  private record ClosingLimiter(RateLimiter limiter) implements AutoCloseable {
    @Override
    public void close() {}
  }

  private RedisKey redisKey() {
    RedisSpec spec =
        snapshot
            .gateway()
            .redis()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "store: redis needs a redis: section (url) in gateway.yaml"));
    return new RedisKey(spec.url(), spec.timeout());
  }

  /**
   * Starts the Redis client's first connection in the background when a policy of this runtime uses
   * Redis (the server calls it as it starts serving): the first requests then find it made or under
   * way instead of each starting the wait.
   */
  synchronized void connect() {
    if (limiters.keySet().stream().anyMatch(p -> p.store() == RateLimitSpec.Store.REDIS)) {
      redis().connectInBackground();
    }
  }

  private synchronized RedisBackend redis() {
    if (redis == null) {
      RedisSpec spec = snapshot.gateway().redis().orElseThrow();
      redis = take(redisKey(), () -> RedisBackend.create(spec));
    }
    return redis;
  }

  /**
   * The {@code redis} readiness check, when a rate-limit policy in use keeps its buckets in Redis:
   * a PING within {@code timeout}. Its reason names those policies and whether each fails open
   * (requests pass unlimited while Redis is down) or closed (they are refused with 503); it fails
   * readiness only when one fails closed.
   */
  synchronized Optional<ReadinessCheck> redisCheck(Duration timeout) {
    List<RateLimitSpec> policies =
        limiters.keySet().stream().filter(p -> p.store() == RateLimitSpec.Store.REDIS).toList();
    if (policies.isEmpty() || redis == null) {
      return Optional.empty();
    }
    RedisBackend backend = redis;
    String which =
        policies.stream()
            .map(p -> p.name() + (p.allowOnStoreFailure() ? " fails open" : " fails closed"))
            .collect(java.util.stream.Collectors.joining(", ", "rate-limit policy ", ""));
    boolean critical = policies.stream().anyMatch(p -> !p.allowOnStoreFailure());
    return Optional.of(new ReadinessCheck("redis", () -> backend.ping(timeout), critical, which));
  }

  /** The client of an upstream, shared while its settings stay the same. */
  synchronized UpstreamClient upstream(UpstreamSpec spec) {
    UpstreamSpec key = spec.settings();
    UpstreamClient c = upstreams.get(key);
    if (c == null) {
      c = take(new UpstreamKey(key), () -> UpstreamClient.create(key));
      upstreams.put(key, c);
    }
    return c;
  }

  /** The upstream clients this runtime holds. */
  synchronized java.util.Collection<UpstreamClient> upstreams() {
    return List.copyOf(upstreams.values());
  }

  /** An upstream client's cache key: its settings; printed by name. */
  private record UpstreamKey(UpstreamSpec settings) {
    @Override
    public String toString() {
      return "upstream " + settings.name();
    }
  }

  /** A JWKS's keys are the same while its URL or file and refresh interval are. */
  private record JwksKey(JwtArgs.Jwks where, Duration refresh) {}

  /**
   * @throws IllegalArgumentException when {@code where} is a JWKS file that cannot be read
   */
  @Override
  public synchronized JwksKeys jwks(JwtArgs.Jwks where, Duration refresh) {
    JwksKey key = new JwksKey(where, refresh);
    JwksKeys keys = jwks.get(key);
    if (keys == null) {
      keys = take(key, () -> JwksKeys.open(where, refresh));
      jwks.put(key, keys);
    }
    return keys;
  }

  @Override
  public synchronized DeadlineTimer deadlines() {
    if (deadlines == null) {
      deadlines = take("deadline timer", DeadlineTimer::new);
    }
    return deadlines;
  }

  /** What each rate-limit policy in use decided since its limiter was made, by policy name. */
  synchronized Map<String, RateLimitCounters> rateLimitCounters() {
    Map<String, RateLimitCounters> m = new LinkedHashMap<>();
    limiters.forEach((spec, l) -> m.put(spec.name(), l.counters()));
    return m;
  }

  /** {@code key}'s resource from the cache, held until this runtime closes. */
  private <T extends AutoCloseable> T take(Object key, java.util.function.Supplier<T> create) {
    T value = cache.acquire(key, create);
    taken.add(key);
    return value;
  }

  @Override
  public synchronized void close() {
    for (int i = taken.size() - 1; i >= 0; i--) {
      cache.release(taken.get(i));
    }
    taken.clear();
    limiters.clear();
    jwks.clear();
    upstreams.clear();
    redis = null;
  }
}
