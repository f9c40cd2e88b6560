package dev.sluice.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.cli.SluiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Soak: the packaged jar with the shipped config (heap capped at 256 MiB) under 32 connections of
 * mixed traffic — SQL reads, writes with the API key, static, 404s, 400s for bad ids and bad
 * bodies, 429s (the per-client limit at 2000/s) — for 2 minutes (short) or 15 (full). Every 10 s:
 * heap after a full GC, RSS, threads, open file descriptors, DB connections. Short mode checks the
 * bounds (the configured limits); full mode also fits a least-squares slope after the first minute
 * and checks that heap and RSS grow by less than 10% over the run.
 */
@Tag("reliability")
class SoakIT {
  private static final String KEY = "sluice-test-api-key";
  private static final String KEY_SHA256 =
      "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb";
  private static final long HEAP_MAX = 256L << 20;
  private static final int POOL = 16;
  private static final int CONNECTIONS = 32;

  private record Sample(double heap, double rss, double threads, double fds, double db) {}

  @Test
  void soak() throws Exception {
    Duration length = Report.pick(Duration.ofMinutes(2), Duration.ofMinutes(15));
    int port = SluiceProcess.freePort();
    int metricsPort = SluiceProcess.freePort();
    Map<String, String> env =
        Map.of(
            "SLUICE_PORT", String.valueOf(port),
            "SLUICE_METRICS_PORT", String.valueOf(metricsPort),
            "SLUICE_API_KEY_SHA256", KEY_SHA256,
            "SLUICE_RELOAD_WATCH", "false",
            "SLUICE_LOG_LEVEL", "warn",
            "SLUICE_DB_POOL_SIZE", String.valueOf(POOL),
            "SLUICE_RATE_LIMIT_BURST", "2000",
            "SLUICE_RATE_LIMIT_PER_SECOND", "2000",
            "JAVA_TOOL_OPTIONS", "-Xmx256m");
    List<byte[]> mix = mix();
    List<Sample> samples = new ArrayList<>();
    Load load;
    try (SluiceProcess p = SluiceProcess.start(env, "serve", "-c", "config/gateway.yaml")) {
      p.awaitReady(port);
      long pid = p.process.pid();
      HttpClient http = HttpClient.newHttpClient();
      load = new Load(port, CONNECTIONS, n -> mix.get(n % mix.size()), Duration.ofSeconds(15));
      try {
        long end = System.nanoTime() + length.toNanos();
        while (System.nanoTime() - end < 0) {
          Thread.sleep(10_000);
          samples.add(sample(pid, http, metricsPort));
        }
      } finally {
        load.stop();
      }
    }
    Sample max =
        new Sample(
            samples.stream().mapToDouble(Sample::heap).max().orElse(0),
            samples.stream().mapToDouble(Sample::rss).max().orElse(0),
            samples.stream().mapToDouble(Sample::threads).max().orElse(0),
            samples.stream().mapToDouble(Sample::fds).max().orElse(0),
            samples.stream().mapToDouble(Sample::db).max().orElse(0));
    boolean full = !Report.shortMode();
    List<Sample> settled = samples.subList(Math.min(6, samples.size() - 2), samples.size());
    double heapSlope = slopePerMinute(settled, Sample::heap);
    double rssSlope = slopePerMinute(settled, Sample::rss);
    long failed = load.lost();
    Report.line(
        "soak",
        String.format(
            "%d requests, %d failed, %d min, statuses %s; maxima: heap after GC %.1f MiB (max"
                + " 256), RSS %.1f MiB, threads %.0f, fds %.0f, DB connections %.0f (pool %d);"
                + " %s",
            load.written.sum(),
            failed,
            length.toMinutes(),
            load.statusCounts(),
            max.heap() / (1 << 20),
            max.rss() / (1 << 20),
            max.threads(),
            max.fds(),
            max.db(),
            POOL,
            full
                ? String.format(
                    "slopes after the first minute: heap %+.2f MiB/min, RSS %+.2f MiB/min",
                    heapSlope / (1 << 20), rssSlope / (1 << 20))
                : "bounds only (a 2-minute slope is noise)"));
    assertThat("requests without a whole answer", failed, is(0L));
    assertThat("5xx answers", load.statusCounts().matches(".*\\b5\\d\\d=.*"), is(false));
    assertThat("requests", load.written.sum(), greaterThan(0L));
    assertThat("heap after GC", max.heap(), lessThanOrEqualTo((double) HEAP_MAX));
    assertThat("DB connections", max.db(), lessThanOrEqualTo((double) POOL));
    assertThat("open fds", max.fds(), lessThanOrEqualTo(CONNECTIONS + 200.0));
    assertThat("threads", max.threads(), lessThanOrEqualTo(200.0));
    if (full) {
      double minutes = length.toMinutes();
      assertThat(
          "heap growth over the run", heapSlope * minutes, lessThanOrEqualTo(0.1 * max.heap()));
      assertThat("RSS growth over the run", rssSlope * minutes, lessThanOrEqualTo(0.1 * max.rss()));
    }
  }

  private static List<byte[]> mix() {
    String auth = "X-Api-Key: " + KEY + "\r\n";
    String good = "{\"name\":\"Soak\",\"email\":\"soak@example.com\"}";
    List<String> raw =
        List.of(
            get("/users/1"),
            get("/"),
            get("/users/2"),
            get("/nope"),
            get("/users/3"),
            get("/users/abc"),
            get("/robots.txt"),
            get("/users/999999"),
            post("/users", auth, "{\"name\":"),
            get("/users/1"),
            get("/"),
            post("/users", auth, good),
            get("/users/2"),
            get("/"),
            post("/users", "", good));
    return raw.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  }

  private static String post(String path, String headers, String body) {
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + headers
        + "Content-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n"
        + body;
  }

  private static Sample sample(long pid, HttpClient http, int metricsPort) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process gc =
        new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
    gc.getInputStream().readAllBytes();
    gc.waitFor();
    String metrics =
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String status = Files.readString(Path.of("/proc/" + pid + "/status"));
    long fds;
    try (var s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
      fds = s.count();
    }
    return new Sample(
        sum(metrics, "memory_used_heap_bytes", ""),
        field(status, "VmRSS:") * 1024,
        field(status, "Threads:"),
        fds,
        sum(metrics, "sluice_db_pool_connections", "state=\"active\"")
            + sum(metrics, "sluice_db_pool_connections", "state=\"idle\""));
  }

  /** The sum of the samples of {@code name} whose labels contain {@code having}. */
  private static double sum(String metrics, String name, String having) {
    double total = 0;
    for (String line : metrics.split("\n")) {
      if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && line.contains(having)) {
        total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  }

  private static double field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name)) {
        return Double.parseDouble(line.substring(name.length()).trim().split("\\s+")[0]);
      }
    }
    throw new AssertionError(name + " not in /proc status");
  }

  /** Least-squares slope of {@code f} over samples 10 s apart, per minute. */
  private static double slopePerMinute(
      List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
    int n = s.size();
    if (n < 2) {
      return 0;
    }
    double mx = (n - 1) / 2.0;
    double my = s.stream().mapToDouble(f).average().orElse(0);
    double num = 0;
    double den = 0;
    for (int i = 0; i < n; i++) {
      num += (i - mx) * (f.applyAsDouble(s.get(i)) - my);
      den += (i - mx) * (i - mx);
    }
    return num / den * 6; // per sample (10 s) → per minute
  }
}
