package dev.sluice.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestUpstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upstream failures under load: a proxy route over an upstream of two targets (the JDK's HttpServer
 * on loopback, each answer 5 ms late so requests are in flight), 24 keep-alive connections of GETs
 * and 8 of POSTs, while target {@code a} is stopped and started again on its port, then target
 * {@code b} stalls (takes every request and answers none for 20 s).
 *
 * <p>Killed: every GET is answered 200 (a GET on the dead target is retried on the other, then the
 * dead one is ejected); a POST answers 200 or 502, and only a POST that went to the dead target (in
 * flight when it died, or sent to it before an ejection) fails: at most one per POST connection
 * each time the target was admitted while dead. Restarted: the target takes traffic again once its
 * ejection ends. Stalled: a request to the stalled target answers 504 within the route's 1 s
 * timeout and a margin, none hangs, the target is ejected, and 504s are bounded the same way.
 */
@Tag("reliability")
class UpstreamFailuresIT {
  private static final long TIMEOUT_MILLIS = 1_000;

  /** The route timeout plus what a loaded 2-core machine may add to a round trip. */
  private static final long MAX_MILLIS = TIMEOUT_MILLIS + 1_500;

  private static final int GET_CONNECTIONS = 24;
  private static final int POST_CONNECTIONS = 8;
  private static final long DELAY_MS = 5;

  @TempDir Path dir;

  private TestUpstream a;
  private TestUpstream b;

  /** The targets' ports (a's stays the same across its restart). */
  private static int portA;

  private static int portB;

  private record Phase(String name, Load gets, Load posts, long ejectionsA, long ejectionsB) {}

  @Test
  void upstreamFailures() throws Exception {
    a = TestUpstream.start("a");
    b = TestUpstream.start("b");
    a.delayMs = DELAY_MS;
    b.delayMs = DELAY_MS;
    portA = a.port();
    portB = b.port();
    List<Phase> phases = new ArrayList<>();
    long readmittedA;
    long readmittedB;
    long retries;
    try (RunningGateway gw = RunningGateway.start(config(), Map.of())) {
      Duration d = Report.pick(Duration.ofSeconds(3), Duration.ofSeconds(20));
      phases.add(run(gw, "steady", d, () -> {}));
      phases.add(run(gw, "killed", d, a::close));
      readmittedA = recover(gw, phases, "restarted", () -> a = restart(portA), () -> a);
      phases.add(run(gw, "after", d, () -> {}));
      phases.add(run(gw, "stalled", d, () -> b.delayMs = 20_000));
      readmittedB = recover(gw, phases, "unstalled", () -> b.delayMs = DELAY_MS, () -> b);
      phases.add(run(gw, "after", d, () -> {}));
      retries = counter(gw, "sluice_upstream_retries_total\\{[^}]*upstream=\"pair\"[^}]*\\}");
    } finally {
      a.close();
      b.close();
    }
    report(phases, readmittedA, readmittedB, retries);
  }

  private Path config() throws IOException {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          host: 127.0.0.1
          port: ${SLUICE_PORT}
          shutdown: {drain-delay: 0s, grace: 5s}
        logging: {format: json, level: error}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          pair:
            targets: ["@A", "@B"]
            outlier: {consecutive-failures: 3, eject-for: 1s}
        """
            .replace("@A", a.url())
            .replace("@B", b.url()));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: items
            method: [GET, POST]
            path: /items
            stack: public
            proxy: {upstream: pair, timeout: 1s}
        """);
    return dir.resolve("gateway.yaml");
  }

  /** Starts target {@code a} again on its port (retrying while the port is still held). */
  private static TestUpstream restart(int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try {
        TestUpstream u = TestUpstream.start("a", port);
        u.delayMs = DELAY_MS;
        return u;
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  private interface Action {
    void run() throws Exception;
  }

  /** Loads both methods, applies {@code fault} after half a second, and keeps loading for d. */
  private static Phase run(RunningGateway gw, String name, Duration d, Action fault)
      throws Exception {
    long ejA = ejections(gw, 0);
    long ejB = ejections(gw, 1);
    Load gets = new Load(gw.port(), GET_CONNECTIONS, Load.gets(List.of("/items")), LOAD_TIMEOUT);
    Load posts = new Load(gw.port(), POST_CONNECTIONS, Load.posts("/items"), LOAD_TIMEOUT);
    try {
      Thread.sleep(500);
      fault.run();
      Thread.sleep(d.toMillis());
    } finally {
      gets.stop();
      posts.stop();
    }
    return new Phase(name, gets, posts, ejections(gw, 0) - ejA, ejections(gw, 1) - ejB);
  }

  /** Longer than any answer may take: a request without an answer by then hangs. */
  private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Under load, applies {@code repair} and waits (at most 15 s) until the target takes requests
   * again; returns how long that took, and adds the phase.
   */
  private static long recover(
      RunningGateway gw,
      List<Phase> phases,
      String name,
      Action repair,
      java.util.function.Supplier<TestUpstream> target)
      throws Exception {
    long ejA = ejections(gw, 0);
    long ejB = ejections(gw, 1);
    Load gets = new Load(gw.port(), GET_CONNECTIONS, Load.gets(List.of("/items")), LOAD_TIMEOUT);
    Load posts = new Load(gw.port(), POST_CONNECTIONS, Load.posts("/items"), LOAD_TIMEOUT);
    long took;
    try {
      long start = System.nanoTime();
      repair.run();
      int before = target.get().hits.get();
      long deadline = start + Duration.ofSeconds(15).toNanos();
      while (target.get().hits.get() < before + 10) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(name + ": the target took no traffic 15 s after the repair");
        }
        Thread.sleep(10);
      }
      took = (System.nanoTime() - start) / 1_000_000;
    } finally {
      gets.stop();
      posts.stop();
    }
    phases.add(new Phase(name, gets, posts, ejections(gw, 0) - ejA, ejections(gw, 1) - ejB));
    return took;
  }

  /** Ejections so far of the first (0) or second (1) target, from /metrics. */
  private static long ejections(RunningGateway gw, int target) throws Exception {
    String metrics = gw.get("/metrics").body();
    Matcher m =
        Pattern.compile(
                "sluice_upstream_ejections_total\\{[^}]*target=\"127\\.0\\.0\\.1:(\\d+)\""
                    + "[^}]*upstream=\"pair\"[^}]*\\} ([0-9.E]+)")
            .matcher(metrics);
    List<long[]> rows = new ArrayList<>();
    while (m.find()) {
      rows.add(new long[] {Long.parseLong(m.group(1)), (long) Double.parseDouble(m.group(2))});
    }
    int port = target == 0 ? portA : portB;
    return rows.stream().filter(r -> r[0] == port).mapToLong(r -> r[1]).sum();
  }

  private static long counter(RunningGateway gw, String series) throws Exception {
    Matcher m = Pattern.compile(series + " ([0-9.E]+)").matcher(gw.get("/metrics").body());
    return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
  }

  private static void report(List<Phase> phases, long readmittedA, long readmittedB, long retries)
      throws Exception {
    long written = 0;
    long failed = 0;
    long post502 = 0;
    long s504 = 0;
    long slowest504 = 0;
    long slowest = 0;
    long ejA = 0;
    long ejB = 0;
    StringBuilder detail = new StringBuilder();
    for (Phase p : phases) {
      written += p.gets().written.sum() + p.posts().written.sum();
      failed += p.gets().lost() + p.posts().lost() + unexpected(p);
      post502 += p.posts().answered(502);
      s504 += p.gets().answered(504) + p.posts().answered(504);
      slowest504 = Math.max(slowest504, Math.max(p.gets().slowest(504), p.posts().slowest(504)));
      slowest = Math.max(slowest, Math.max(p.gets().slowest(), p.posts().slowest()));
      ejA += p.ejectionsA();
      ejB += p.ejectionsB();
      detail.append(
          String.format(
              "; %s: GET %s%s, POST %s%s",
              p.name(),
              p.gets().statusCounts(),
              lost(p.gets()),
              p.posts().statusCounts(),
              lost(p.posts())));
    }
    Report.line(
        "upstream",
        String.format(
            "%d requests, %d failed, and those that had to: %d POST 502s on the killed target, %d"
                + " 504s on the stalled one; %d GETs retried, target ejected %d times killed and %d times"
                + " stalled, traffic back %d ms after the restart and %d ms after the stall ended,"
                + " slowest 504 %d ms (route timeout %d ms), slowest answer %d ms%s",
            written,
            failed,
            post502,
            s504,
            retries,
            ejA,
            ejB,
            readmittedA,
            readmittedB,
            slowest504,
            TIMEOUT_MILLIS,
            slowest,
            detail));

    for (Phase p : phases) {
      String n = p.name() + ": ";
      assertThat(n + "lost GETs", p.gets().lost(), is(0L));
      assertThat(n + "lost POSTs", p.posts().lost(), is(0L));
      assertThat(n + "answers that need not have failed", unexpected(p), is(0L));
      assertThat(n + "slowest 504", slowest504, lessThan(MAX_MILLIS));
      assertThat(n + "answers", p.gets().answered(200), greaterThan(0L));
      switch (p.name()) {
        case "killed", "restarted" -> {
          // at most one POST per connection each time the dead target was admitted
          assertThat(
              n + "POST 502s",
              p.posts().answered(502),
              lessThanOrEqualTo((p.ejectionsA() + 1) * POST_CONNECTIONS));
        }
        case "stalled", "unstalled" -> {
          assertThat(
              n + "504s",
              p.gets().answered(504) + p.posts().answered(504),
              lessThanOrEqualTo((p.ejectionsB() + 1) * (GET_CONNECTIONS + POST_CONNECTIONS)));
        }
        default -> {}
      }
    }
    Phase killed = phases.get(1);
    Phase stalled = phases.get(4);
    assertThat("the killed target ejected", killed.ejectionsA(), greaterThanOrEqualTo(1L));
    assertThat("the stalled target ejected", stalled.ejectionsB(), greaterThanOrEqualTo(1L));
    assertThat("504s while stalled", stalled.gets().answered(504), greaterThan(0L));
    assertThat("GETs retried", retries, greaterThan(0L));
  }

  /** " (lost: 2 unanswered, 0 cut, 1 timed out)", or nothing when none was lost. */
  private static String lost(Load l) {
    return l.lost() == 0
        ? ""
        : String.format(
            " (lost: %d unanswered, %d cut, %d timed out)",
            l.unanswered.sum(), l.cut.sum(), l.timedOut.sum());
  }

  /**
   * Answers that need not have failed: a GET not 200 while a target is killed; a POST neither 200
   * nor 502 then; anything but 200 or 504 while a target stalls; anything but 200 otherwise.
   */
  private static long unexpected(Phase p) {
    long gets = p.gets().answered();
    long posts = p.posts().answered();
    return switch (p.name()) {
      case "killed", "restarted" ->
          gets - p.gets().answered(200) + posts - p.posts().answered(200) - p.posts().answered(502);
      case "stalled", "unstalled" ->
          gets
              - p.gets().answered(200)
              - p.gets().answered(504)
              + posts
              - p.posts().answered(200)
              - p.posts().answered(504);
      default -> gets - p.gets().answered(200) + posts - p.posts().answered(200);
    };
  }
}
