package dev.sluice.runtime.ratelimit;

import dev.sluice.log.UrlCredentials;
import dev.sluice.spec.RedisSpec;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ReconnectFailedEvent;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one Redis client and connection of a route table, shared by all its {@code store: redis}
 * policies and closed with the table.
 *
 * <pre>
 * redis:
 *   url: redis://127.0.0.1:6379
 *   timeout: 250ms
 * </pre>
 *
 * <p>Nothing connects while the table is built (so {@code validate-config} touches no Redis); the
 * client itself is made on a background thread then, so that no request pays for loading it. A
 * runtime that opens to serve starts the first connection ({@link #connectInBackground()}); else
 * the first request that needs Redis starts connecting and may wait for that first connection up to
 * {@value #FIRST_CONNECT_MILLIS} ms from the attempt's start, and so may every request that arrives
 * while it is being made (once per table: a refused connection fails at once); after a failed
 * attempt the next one starts a second later, and requests in between fail at once. Once connected,
 * Lettuce reconnects by itself (after 100 ms, backing off to 2 s) and, while disconnected, rejects
 * commands instead of queueing them, so an outage is a store failure at once; a reply slower than
 * {@code timeout} is one too.
 */
public final class RedisBackend implements AutoCloseable {
  static final long FIRST_CONNECT_MILLIS = 2_000;

  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
  private static final Duration HANDSHAKE = Duration.ofMillis(FIRST_CONNECT_MILLIS);
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(1);
  private static final String WARM_UP_KEY = RedisStore.PREFIX + "~warm-up";
  private static final BucketConfiguration WARM_UP =
      BucketConfiguration.builder()
          .addLimit(Bandwidth.builder().capacity(1).refillGreedy(1, Duration.ofMillis(1)).build())
          .build();

  private final RedisURI uri;
  private final Duration timeout;
  private final ReentrantLock lock = new ReentrantLock();
  private CompletableFuture<RedisClient> client; // guarded by lock, as the fields below
  private StatefulRedisConnection<String, byte[]> connection;
  private CompletableFuture<AsyncProxyManager<String>> connecting;
  private boolean connectingIsFirst;
  private long connectingSince;
  private boolean attempted;
  private long nextAttemptNanos = System.nanoTime();
  private boolean closed;
  private volatile AsyncProxyManager<String> proxies;
  // why the last connection or reconnection attempt failed, in public words
  private volatile String lastFailure;

  private RedisBackend(RedisURI uri, Duration timeout) {
    this.uri = uri;
    this.timeout = timeout;
  }

  /** A backend for {@code spec}; checks the URL, connects nowhere. */
  public static RedisBackend create(RedisSpec spec) {
    RedisURI uri;
    try {
      uri = RedisURI.create(spec.url());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          UrlCredentials.strip("redis.url is not a Redis URL: " + e.getMessage()));
    }
    // Lettuce times the connection's handshake with the URI's timeout; the commands have their own
    // (TimeoutOptions, Bucket4j's request timeout). A cold JVM on a busy machine may need more than
    // a command's 250 ms for the first handshake; no request waits on a handshake past its own
    // deadline (the first attempt's grace aside).
    uri.setTimeout(spec.timeout().compareTo(HANDSHAKE) > 0 ? spec.timeout() : HANDSHAKE);
    return new RedisBackend(uri, spec.timeout());
  }

  Duration timeout() {
    return timeout;
  }

  /** Makes the client (thread pools, no connection) on a background thread, once. */
  void prepare() {
    lock.lock();
    try {
      if (client == null && !closed) {
        client = CompletableFuture.supplyAsync(this::newClient, Thread::startVirtualThread);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Bucket4j's view of Redis, connecting first if need be; waits for the connection until {@code
   * deadlineNanos} (the first time, {@value #FIRST_CONNECT_MILLIS} ms) at most.
   */
  AsyncProxyManager<String> proxies(long deadlineNanos) throws StoreUnavailableException {
    AsyncProxyManager<String> p = proxies;
    if (p != null) {
      return p;
    }
    Attempt attempt = connect();
    long until =
        attempt.first()
            ? Math.max(deadlineNanos, attempt.startNanos() + FIRST_CONNECT_MILLIS * 1_000_000)
            : deadlineNanos;
    try {
      return attempt.future().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("still connecting to Redis", e);
    } catch (ExecutionException e) {
      throw new StoreUnavailableException(
          UrlCredentials.strip("cannot connect to Redis: " + e.getCause().getMessage()),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while connecting to Redis", e);
    }
  }

  /**
   * A connection attempt, whether it is the table's first (which gets the longer grace, counted
   * from its start) and when it started.
   */
  record Attempt(
      CompletableFuture<AsyncProxyManager<String>> future, boolean first, long startNanos) {}

  /**
   * Starts the first connection unless one is made or under way; returns at once (a failure is the
   * first request's to see).
   */
  public void connectInBackground() {
    if (proxies != null) {
      return;
    }
    try {
      connect();
    } catch (StoreUnavailableException e) {
      // closed, or retrying shortly: the next request tries
    }
  }

  /** The attempt under way, or a new one (package-private for tests). */
  Attempt connect() throws StoreUnavailableException {
    lock.lock();
    try {
      if (closed) {
        throw new StoreUnavailableException("the route table was closed", null);
      }
      if (connecting != null) {
        // every request that arrives during the table's first attempt gets its grace, not only
        // the one that started it: under load at start-up a burst of them waits for it together
        return new Attempt(connecting, connectingIsFirst, connectingSince);
      }
      if (System.nanoTime() - nextAttemptNanos < 0) {
        throw new StoreUnavailableException("cannot connect to Redis; retrying shortly", null);
      }
      prepare();
      boolean first = !attempted;
      attempted = true;
      connectingIsFirst = first;
      connectingSince = System.nanoTime();
      CompletableFuture<AsyncProxyManager<String>> attempt =
          client
              .thenCompose(c -> c.connectAsync(CODEC, uri).toCompletableFuture())
              .thenCompose(this::connected);
      connecting = attempt;
      // bookkeeping only: the caller reads the outcome from attempt itself
      CompletableFuture<?> unused = attempt.whenComplete((p, e) -> attemptEnded(e));
      return new Attempt(attempt, first, connectingSince);
    } finally {
      lock.unlock();
    }
  }

  private RedisClient newClient() {
    DefaultClientResources resources =
        DefaultClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(100), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
            .build();
    // while Lettuce reconnects, why its attempts fail (for readiness)
    resources
        .eventBus()
        .get()
        .subscribe(
            e -> {
              if (e instanceof ReconnectFailedEvent f) {
                lastFailure = reason(f.getCause());
              }
            });
    RedisClient c = RedisClient.create(resources, uri);
    c.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(Duration.ofMillis(Math.max(timeout.toMillis(), 1_000)))
                    .build())
            .build());
    return c;
  }

  /**
   * Bucket4j over the new connection, once one decision on a key of its own has gone through: that
   * loads the classes of the whole path (Lua compare-and-swap included) off the request threads, so
   * the first requests need no more than the timeout either.
   */
  private CompletableFuture<AsyncProxyManager<String>> connected(
      StatefulRedisConnection<String, byte[]> c) {
    AsyncProxyManager<String> p =
        Bucket4jLettuce.casBasedBuilder(c)
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
            .requestTimeout(timeout)
            .build()
            .asAsync();
    return p.builder()
        .build(WARM_UP_KEY, () -> CompletableFuture.completedFuture(WARM_UP))
        .tryConsumeAndReturnRemaining(1)
        .handle(
            (probe, failure) -> {
              lock.lock();
              try {
                if (closed) {
                  // a connection nobody will use: how its close ends changes nothing
                  CompletableFuture<Void> unused = c.closeAsync();
                  throw new IllegalStateException("the route table was closed");
                }
                connection = c;
                proxies = p;
              } finally {
                lock.unlock();
              }
              return p;
            });
  }

  private void attemptEnded(Throwable failure) {
    lock.lock();
    try {
      connecting = null;
      if (failure != null) {
        nextAttemptNanos = System.nanoTime() + RETRY_NANOS;
        lastFailure = reason(failure);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Whether Redis answers a PING within {@code budget} (connecting first if need be): empty when it
   * does, else why not in words {@code /readyz} may show — "connection refused", "unknown host",
   * "authentication failed", "no answer within 250 ms", "not connected (reconnecting)", never the
   * host.
   */
  public Optional<String> ping(Duration budget) {
    long deadline = System.nanoTime() + budget.toNanos();
    try {
      proxies(deadline);
      StatefulRedisConnection<String, byte[]> c;
      lock.lock();
      try {
        c = connection;
      } finally {
        lock.unlock();
      }
      if (c == null) {
        return Optional.of("not connected");
      }
      c.async()
          .ping()
          .toCompletableFuture()
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + budget.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    } catch (StoreUnavailableException e) {
      // between attempts (a second apart) the last attempt's reason
      return Optional.of(e.getCause() == null && lastFailure != null ? lastFailure : reason(e));
    } catch (ExecutionException | RuntimeException e) {
      String why = reason(e);
      String last = lastFailure;
      return Optional.of(
          why.equals("not connected") && last != null ? last + " (reconnecting)" : why);
    }
  }

  /** A failure in public words (see {@link #ping}). */
  @SuppressWarnings("ReferenceEquality") // a cause that is the throwable itself ends the chain
  private static String reason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      if (t.getClass().getSimpleName().equals("ConnectTimeoutException")) { // Netty's
        return "no answer in time";
      }
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof TimeoutException
          || t instanceof io.lettuce.core.RedisCommandTimeoutException) {
        return "no answer in time";
      }
      if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS")) {
        return "authentication failed";
      }
      if (m.startsWith("Currently not connected")) {
        return "not connected";
      }
      if (m.startsWith("still connecting")) {
        return "still connecting";
      }
    }
    return "cannot connect";
  }

  /** Whether a connection was made (for tests). */
  boolean connected() {
    return proxies != null;
  }

  /**
   * Closes the connection and the client. Never under the lock: Lettuce's event loop may need it to
   * finish a connection attempt while shutting down.
   */
  @Override
  public void close() {
    StatefulRedisConnection<String, byte[]> c;
    CompletableFuture<RedisClient> cl;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      proxies = null;
      c = connection;
      cl = client;
    } finally {
      lock.unlock();
    }
    if (c != null) {
      c.close();
    }
    RedisClient made = cl == null ? null : cl.exceptionally(e -> null).join();
    if (made != null) {
      made.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      // the event loops wind down in the background; close() does not wait up to 2 s more
      Future<Boolean> unused = made.getResources().shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
