package dev.sluice.runtime.ratelimit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Redis for tests: the machine's ({@code SLUICE_TEST_REDIS_URL}; without it the test skips, unless
 * {@code SLUICE_TEST_REQUIRE_DB=1}, which fails it), or a {@code redis-server} of the test's own on
 * a free port that it can stop, pause and restart. Tests on the shared Redis use keys unique to the
 * run and delete only those.
 */
public final class TestRedis {
  private TestRedis() {}

  /** The shared Redis URL, or skips (fails, when required) the calling test. */
  public static String requireUrl() {
    return dev.sluice.testing.TestServices.redisUrl();
  }

  /** A key part no other run uses. */
  public static String uniqueRun() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }

  /** Keys matching {@code pattern} (SCAN, not KEYS). */
  public static List<String> keys(String url, String pattern) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> out = new ArrayList<>();
      ScanIterator.scan(c.sync(), ScanArgs.Builder.matches(pattern).limit(1000))
          .forEachRemaining(out::add);
      return out;
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Deletes the keys matching {@code pattern}: only this run's. */
  public static void deleteKeys(String url, String pattern) {
    List<String> keys = keys(url, pattern);
    if (keys.isEmpty()) {
      return;
    }
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().del(keys.toArray(String[]::new));
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** The remaining time to live of {@code key} in milliseconds (-2: no key, -1: no expiry). */
  public static long pttl(String url, String key) {
    RedisClient client = RedisClient.create(url);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return c.sync().pttl(key);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  /** Sends request {@code i} and returns its status. */
  @FunctionalInterface
  public interface Request {
    int status(int i) throws Exception;
  }

  /**
   * 300 requests, 8 at a time ({@code send} picks the gateway by {@code i}, e.g. alternating):
   * {200s, 429s}; any other status fails the test.
   */
  public static int[] spread(Request send) throws Exception {
    List<Future<Integer>> all = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 300; i++) {
        int n = i;
        all.add(pool.submit(() -> send.status(n)));
      }
    }
    int[] counts = new int[2];
    for (Future<Integer> f : all) {
      int status = f.get();
      if (status == 200) {
        counts[0]++;
      } else if (status == 429) {
        counts[1]++;
      } else {
        throw new AssertionError("unexpected status " + status);
      }
    }
    return counts;
  }

  /** A {@code redis-server} of the test's own, on a free port; stopped by {@link #close()}. */
  public static final class OwnRedis implements AutoCloseable {
    private final int port;
    private final Path log;
    private Process process;

    private OwnRedis(int port) throws IOException {
      this.port = port;
      this.log = Files.createTempFile("sluice-redis", ".log");
    }

    /** Starts one; skips the test when there is no redis-server binary. */
    public static OwnRedis start() throws Exception {
      Assumptions.assumeTrue(
          Files.isExecutable(Path.of("/usr/bin/redis-server"))
              || Files.isExecutable(Path.of("/usr/local/bin/redis-server")),
          "no redis-server binary");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      OwnRedis r = new OwnRedis(port);
      r.startProcess();
      return r;
    }

    public String url() {
      return "redis://127.0.0.1:" + port;
    }

    public int port() {
      return port;
    }

    /** Starts the server (again) on the same port and waits until it accepts connections. */
    public void startProcess() throws Exception {
      process =
          new ProcessBuilder(
                  "redis-server",
                  "--port",
                  String.valueOf(port),
                  "--bind",
                  "127.0.0.1",
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--daemonize",
                  "no")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < until) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException e) {
          Thread.sleep(20);
        }
      }
      throw new AssertionError("redis-server did not start: " + Files.readString(log));
    }

    /** Stops the server (SIGKILL: an outage, not a shutdown) and waits until it is gone. */
    public void stopProcess() throws InterruptedException {
      if (process != null) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        process = null;
      }
    }

    /** SIGSTOP: the server keeps its connections open but answers nothing. */
    public void pause() throws Exception {
      signal("STOP");
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() throws Exception {
      signal("CONT");
    }

    private void signal(String sig) throws Exception {
      Process kill = new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + sig + " failed");
      }
    }

    @Override
    public void close() throws IOException {
      try {
        stopProcess(); // SIGKILL ends a paused (SIGSTOP) server too
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      Files.deleteIfExists(log);
    }
  }
}
