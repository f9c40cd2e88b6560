package dev.sluice.reliability;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.cli.SluiceProcess;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM and SIGINT under load, on the packaged jar with the shipped config as a user runs it: 64
 * keep-alive connections on {@code GET /users/{id}} (SQL, the embedded database) and {@code GET /}
 * (static); the signal arrives mid-load. Every request written gets its whole response with its
 * real status (none unanswered, none cut mid-response, none timed out); responses during the drain
 * say {@code Connection: close}; once the listener closes, connections are refused; the process
 * exits 0 within drain + grace.
 */
@Tag("reliability")
class ShutdownUnderLoadIT {
  private static final String KEY_SHA256 =
      "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb";
  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final Duration GRACE = Duration.ofSeconds(30); // config/gateway.yaml
  private static final int CONNECTIONS = 64;

  @Test
  void sigterm() throws Exception {
    underLoad("sigterm", "TERM");
  }

  @Test
  void sigint() throws Exception {
    underLoad("sigint", "INT");
  }

  private static void underLoad(String scenario, String signal) throws Exception {
    int port = SluiceProcess.freePort();
    Map<String, String> env =
        Map.of(
            "SLUICE_PORT",
            String.valueOf(port),
            "SLUICE_API_KEY_SHA256",
            KEY_SHA256,
            "SLUICE_DRAIN_DELAY",
            DRAIN.toSeconds() + "s",
            "SLUICE_RELOAD_WATCH",
            "false",
            // all the load comes from 127.0.0.1: the per-client limit out of reach
            "SLUICE_RATE_LIMIT_BURST",
            "1000000000",
            "SLUICE_RATE_LIMIT_PER_SECOND",
            "1000000000");
    try (SluiceProcess p = SluiceProcess.start(env, "serve", "-c", "config/gateway.yaml")) {
      p.awaitReady(port);
      Load load =
          new Load(
              port,
              CONNECTIONS,
              Load.gets(List.of("/users/1", "/", "/users/2", "/", "/users/3", "/")),
              Duration.ofSeconds(10));
      long exitMillis;
      try {
        Thread.sleep(Report.pick(Duration.ofSeconds(3), Duration.ofSeconds(15)).toMillis());
        long before = load.written.sum();
        long signalled = System.nanoTime();
        new ProcessBuilder("kill", "-" + signal, String.valueOf(p.process.pid()))
            .inheritIO()
            .start()
            .waitFor();
        int code = p.waitForExit(DRAIN.plus(GRACE).plusSeconds(5));
        exitMillis = (System.nanoTime() - signalled) / 1_000_000;
        assertThat("exit code; log: " + p.err(), code, is(0));
        assertThat("requests after the signal", load.written.sum(), greaterThan(before));
      } finally {
        load.stop();
      }
      // A connection the kernel had queued and Helidon had not yet accepted when the listener
      // closed
      // is reset by the kernel (checked on a bare ServerSocket): its request was never read. At
      // most one per client, and only at that instant; any other request must be answered.
      long queued = load.unansweredFresh.sum();
      long failed = load.lost() - queued + load.answered() - load.answered(200);
      Report.line(
          scenario,
          String.format(
              "%d requests, %d failed, %d unanswered on a kept-alive connection, %d reset in the"
                  + " accept queue as the listener closed, %d cut"
                  + " mid-response, %d timed out, statuses %s, %d answered with Connection: close,"
                  + " %d connects refused after the listener closed, exit 0 in %s (drain %d s)",
              load.written.sum(),
              failed,
              load.unanswered.sum() - queued,
              queued,
              load.cut.sum(),
              load.timedOut.sum(),
              load.statusCounts(),
              load.closeHeaders.sum(),
              load.refused.sum(),
              Report.seconds(exitMillis),
              DRAIN.toSeconds()));
      assertThat("requests written and not wholly answered", load.lost() - queued, is(0L));
      assertThat("resets of queued connections", queued, lessThanOrEqualTo((long) CONNECTIONS));
      assertThat("answers other than 200", load.answered() - load.answered(200), is(0L));
      assertThat("responses with Connection: close", load.closeHeaders.sum(), greaterThan(0L));
    }
  }
}
