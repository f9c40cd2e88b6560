package dev.sluice.runtime.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.spec.Origin;
import dev.sluice.spec.RateLimitSpec;
import dev.sluice.spec.RedisSpec;
import dev.sluice.testing.Await;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The Redis store against the machine's Redis and against a redis-server of the test's own. */
class RedisStoreTest {
  private static final Duration TIMEOUT = Duration.ofMillis(250);
  private static final Origin ORIGIN = new Origin("test.yaml", 1, 1, "/rate-limits/p");

  static RedisStore store(String policy, long capacity, Duration period, RedisBackend backend) {
    RateLimitSpec spec =
        new RateLimitSpec(
            policy,
            capacity,
            capacity,
            period,
            "header:X-Key",
            RateLimitSpec.DEFAULT_IPV6_PREFIX,
            RateLimitSpec.Store.REDIS,
            false,
            10,
            ORIGIN);
    return new RedisStore(
        policy,
        BucketConfiguration.builder().addLimit(RateLimiter.bandwidth(spec)).build(),
        backend,
        10);
  }

  static RedisBackend backend(String url) {
    return RedisBackend.create(new RedisSpec(url, TIMEOUT, ORIGIN));
  }

  @Test
  void twoClientsShareOneBucketPerKeyAndTheKeyExpires() throws Exception {
    String url = TestRedis.requireUrl();
    String policy = "hourly";
    String key = TestRedis.uniqueRun();
    try (RedisBackend a = backend(url);
        RedisBackend b = backend(url)) {
      RedisStore sa = store(policy, 100, Duration.ofHours(1), a);
      RedisStore sb = store(policy, 100, Duration.ofHours(1), b);
      awaitConnected(a);
      awaitConnected(b);
      int allowed = 0;
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<Decision>> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          RedisStore s = i % 2 == 0 ? sa : sb;
          all.add(pool.submit(() -> s.tryConsume(key)));
          if (i % 8 == 7) {
            Thread.sleep(1); // 8 at a time, as clients would
          }
        }
        for (Future<Decision> f : all) {
          allowed += f.get().allowed() ? 1 : 0;
        }
      }
      assertThat(allowed, allOf(greaterThan(97), lessThan(103)));
      String redisKey = "sluice:rl:hourly:" + key;
      assertThat(sa.redisKey(key), is(redisKey));
      // kept until it would be full again (an hour at most from now), plus a second
      long ttl = TestRedis.pttl(url, redisKey);
      assertThat(ttl, allOf(greaterThan(3_500_000L), lessThanOrEqualTo(3_601_000L)));
    } finally {
      TestRedis.deleteKeys(url, "sluice:rl:hourly:" + key);
    }
  }

  @Test
  void anUnusedBucketExpiresOnceItWouldBeFull() throws Exception {
    String url = TestRedis.requireUrl();
    String key = TestRedis.uniqueRun();
    try (RedisBackend a = backend(url)) {
      RedisStore s = store("fast", 2, Duration.ofMillis(200), a);
      awaitConnected(a);
      assertThat(s.tryConsume(key).allowed(), is(true));
      long ttl = TestRedis.pttl(url, s.redisKey(key));
      // 100 ms to refill one token, plus the second kept after full (read a moment later: a busy
      // machine may take a few hundred ms between the write and this read)
      assertThat(ttl, allOf(greaterThan(500L), lessThanOrEqualTo(1_100L)));
      Await.until(
          "the bucket's key expired",
          Duration.ofMillis(ttl).plusSeconds(5),
          () -> TestRedis.pttl(url, s.redisKey(key)) == -2L);
    } finally {
      TestRedis.deleteKeys(url, "sluice:rl:fast:" + key);
    }
  }

  @Test
  void buildingConnectsNowhere() {
    try (RedisBackend b = backend("redis://127.0.0.1:1")) {
      store("p", 1, Duration.ofSeconds(1), b);
      assertThat(b.connected(), is(false));
    }
  }

  @Test
  void redisStoppedPausedAndBackWithoutEverWaitingPastTheTimeout() throws Exception {
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        RedisBackend backend = backend(redis.url())) {
      RedisStore s = store("p", 1_000, Duration.ofSeconds(1), backend);
      awaitAllowed(s);

      redis.stopProcess();
      for (int i = 0; i < 20; i++) {
        long t = System.nanoTime();
        assertThrows(StoreUnavailableException.class, () -> s.tryConsume("k"));
        assertThat(millisSince(t), lessThan(TIMEOUT.toMillis() + 100));
      }

      redis.startProcess();
      awaitAllowed(s); // Lettuce reconnects by itself

      redis.pause(); // accepts nothing, answers nothing: every decision times out
      try {
        for (int i = 0; i < 5; i++) {
          long t = System.nanoTime();
          assertThrows(StoreUnavailableException.class, () -> s.tryConsume("k"));
          assertThat(millisSince(t), lessThan(TIMEOUT.toMillis() + 100));
        }
      } finally {
        redis.resume();
      }
      awaitAllowed(s);
    }
  }

  /**
   * Found by the reliability suite (RedisOutageIT): at start-up under load, the requests that
   * arrived while the table's first connection was being made (a cold JVM loads Netty and Lettuce
   * meanwhile) waited only their 250 ms, and fail-closed answered 503 with Redis healthy. Every
   * request that joins the first attempt gets its grace; a later attempt gives none.
   */
  @Test
  void requestsJoiningTheFirstConnectionAttemptGetItsGraceToo() throws Exception {
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        dev.sluice.testing.StallingProxy proxy =
            dev.sluice.testing.StallingProxy.to("jdbc:" + redis.url());
        RedisBackend backend =
            backend(proxy.rewrite("jdbc:" + redis.url()).substring("jdbc:".length()))) {
      proxy.stall(); // the handshake waits: the first attempt stays under way, then times out
      RedisBackend.Attempt starter = backend.connect();
      RedisBackend.Attempt joiner = backend.connect();
      assertThat(starter.first(), is(true));
      assertThat(joiner.future() == starter.future(), is(true));
      assertThat(joiner.first(), is(true));
      assertThrows(java.util.concurrent.ExecutionException.class, () -> starter.future().get());
      proxy.resume();
      long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      RedisBackend.Attempt later = null;
      while (later == null && System.nanoTime() < until) {
        try {
          later = backend.connect();
        } catch (StoreUnavailableException e) {
          Thread.sleep(50); // the retry delay after a failed attempt
        }
      }
      assertThat(later != null && !later.first(), is(true));
    }
  }

  @Test
  void redisDownFromTheStartFailsFastThenConnectsWhenItComesUp() throws Exception {
    try (TestRedis.OwnRedis redis = TestRedis.OwnRedis.start();
        RedisBackend backend = backend(redis.url())) {
      redis.stopProcess();
      RedisStore s = store("p", 10, Duration.ofSeconds(1), backend);
      // the table's first connection attempt may take its grace (a cold JVM loads Netty)
      long first = System.nanoTime();
      assertThrows(StoreUnavailableException.class, () -> s.tryConsume("k"));
      assertThat(millisSince(first), lessThan(RedisBackend.FIRST_CONNECT_MILLIS + 100));
      for (int i = 0; i < 20; i++) {
        long t = System.nanoTime();
        assertThrows(StoreUnavailableException.class, () -> s.tryConsume("k"));
        assertThat(millisSince(t), lessThan(TIMEOUT.toMillis() + 100));
      }
      redis.startProcess();
      awaitAllowed(s);
    }
  }

  /**
   * Waits for the backend's first connection: in a cold JVM on a busy machine it can take longer
   * than the grace the first requests get.
   */
  static void awaitConnected(RedisBackend b) throws Exception {
    Await.value(
        "a connection to Redis",
        Duration.ofSeconds(20),
        () -> b.proxies(System.nanoTime() + TIMEOUT.toNanos()),
        p -> true);
  }

  private static void awaitAllowed(RedisStore s) throws Exception {
    // StoreUnavailableException while Redis is still away counts as not yet
    boolean allowed =
        Await.value(
            "the Redis store recovered",
            Duration.ofSeconds(10),
            () -> s.tryConsume("k").allowed(),
            answered -> true);
    assertThat(allowed, is(true));
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
