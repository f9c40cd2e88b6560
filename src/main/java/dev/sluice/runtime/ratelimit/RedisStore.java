package dev.sluice.runtime.ratelimit;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code store: redis}: a policy's buckets in Redis under {@code sluice:rl:<policy>:<key>}, shared
 * by every gateway using the same Redis, kept consistent by Bucket4j's compare-and-swap. A bucket
 * expires from Redis one second after it would be full again, so idle keys cost nothing. A whole
 * decision (connection, read, compare-and-swap, retries) takes at most {@code redis.timeout};
 * beyond that it is a store failure. (The table's first connection may take up to two seconds: see
 * {@link RedisBackend}.)
 *
 * <p>Requests of one process for the same key are batched: while one compare-and-swap for a key is
 * in flight, the requests arriving meanwhile wait for it and then go to Redis together as one, so a
 * hot key costs one round trip at a time per gateway rather than a storm of conflicting swaps. The
 * handles for this are kept for at most {@code max-keys} keys ({@link ClientStore}), and dropped
 * once idle until their bucket would be full again.
 */
final class RedisStore implements RateLimitStore {
  static final String PREFIX = "sluice:rl:";

  private final String prefix;

  /** The configuration, already complete: Bucket4j asks for it only when a bucket is new. */
  private final Supplier<CompletableFuture<BucketConfiguration>> configuration;

  private final Bandwidth bandwidth;
  private final RedisBackend backend;
  private final long timeoutNanos;
  private final ClientStore<AsyncBucketProxy> buckets;

  RedisStore(String policy, BucketConfiguration config, RedisBackend backend, int maxKeys) {
    this.prefix = PREFIX + policy + ":";
    this.configuration = () -> CompletableFuture.completedFuture(config);
    this.bandwidth = config.getBandwidths()[0];
    this.backend = backend;
    this.timeoutNanos = backend.timeout().toNanos();
    this.buckets =
        new ClientStore<>(maxKeys, ClientStore.untilFull(bandwidth), Ticker.systemTicker());
  }

  RedisBackend backend() {
    return backend;
  }

  @Override
  public int keys() {
    return buckets.size();
  }

  /** The Redis key of {@code key}'s bucket. */
  String redisKey(String key) {
    return prefix + key;
  }

  @Override
  public Decision tryConsume(String key) throws StoreUnavailableException {
    long deadline = System.nanoTime() + timeoutNanos;
    AsyncProxyManager<String> proxies = backend.proxies(deadline);
    if (System.nanoTime() - deadline > 0) {
      // only after the first connection of the table, which may take longer: see RedisBackend
      deadline = System.nanoTime() + timeoutNanos;
    }
    CompletableFuture<ConsumptionProbe> probe;
    try {
      AsyncBucketProxy bucket =
          buckets.get(
              key,
              k ->
                  proxies
                      .builder()
                      .withOptimization(Optimizations.batching())
                      .build(redisKey(k), configuration));
      probe = bucket.tryConsumeAndReturnRemaining(1);
      return Decision.of(
          probe.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS), bandwidth);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException(
          "Redis did not answer within " + backend.timeout().toMillis() + " ms", e);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException("Redis failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while waiting for Redis", e);
    } catch (RuntimeException e) {
      throw new StoreUnavailableException("Redis failed: " + e.getMessage(), e);
    }
  }
}
