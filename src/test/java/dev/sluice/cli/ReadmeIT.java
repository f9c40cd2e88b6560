package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;

import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the README's console examples are what Sluice prints. Serves config/gateway.yaml from
 * the packaged jar on a free port (embedded database, no SLUICE_* variable from the caller's
 * environment), runs each runnable block's commands in README order with localhost:8080 pointed at
 * it and scripts/sluice run as {@code java -jar} of the jar under test (the script's own behaviour
 * is ScriptsIT's), and compares their output (stdout and stderr) with the README's lines. The rules
 * — which blocks run, what {@code …} matches, how a block opts out — are {@link ConsoleBlocks}'.
 */
class ReadmeIT {
  private static final Path README = Path.of("README.md");
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  /** The walk-through's API key for writes, and its SHA-256 as the config reads it. */
  private static final String API_KEY = "readme-walk-through-key";

  private static final String API_KEY_SHA256 = SluiceProcess.sha256(API_KEY);

  /**
   * Between commands: the shipped per-client bucket refills 50 tokens a second, so each command
   * finds it full again, as it would typed by hand.
   */
  private static final long PAUSE_MILLIS = 150;

  @Test
  void theConsoleExamplesPrintWhatTheReadmeSays() throws Exception {
    List<ConsoleBlocks.Block> blocks = ConsoleBlocks.parse(Files.readAllLines(README));
    int port = SluiceProcess.freePort();
    int metricsPort = SluiceProcess.freePort();
    Path log = Files.createTempFile("sluice-readme", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(java(), "-jar", jar(), "serve", "-c", "config/gateway.yaml")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    cleanEnvironment(pb.environment());
    pb.environment().put("SLUICE_PORT", String.valueOf(port));
    pb.environment().put("SLUICE_METRICS_PORT", String.valueOf(metricsPort));
    pb.environment().put("SLUICE_ADMIN_PORT", String.valueOf(SluiceProcess.freePort()));
    pb.environment().put("SLUICE_DRAIN_DELAY", "0s");
    pb.environment().put("SLUICE_API_KEY_SHA256", API_KEY_SHA256);
    Process server = pb.start();
    List<String> mismatches = new ArrayList<>();
    int ran = 0;
    try {
      awaitReady(port, server, log);
      for (ConsoleBlocks.Block b : blocks) {
        Optional<String> why = whyNotRun(b);
        if (why.isPresent()) {
          System.out.println("README.md:" + b.line() + ": not run: " + why.get());
          continue;
        }
        for (ConsoleBlocks.Command c : b.commands()) {
          Thread.sleep(PAUSE_MILLIS);
          List<String> actual =
              run(
                  c.text()
                      .replace("localhost:8080", "localhost:" + port)
                      .replace("localhost:9464", "localhost:" + metricsPort)
                      .replace("scripts/sluice ", java() + " -jar " + jar() + " "));
          ran++;
          if (!ConsoleBlocks.matches(c.expected(), actual)) {
            mismatches.add(
                "README.md:"
                    + c.line()
                    + ": $ "
                    + c.text()
                    + "\n--- the README says:\n"
                    + String.join("\n", c.expected())
                    + "\n--- it printed:\n"
                    + String.join("\n", actual));
          }
        }
      }
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
      server.destroyForcibly();
      Files.deleteIfExists(log);
    }
    assertThat("commands run", ran, greaterThan(0));
    if (!mismatches.isEmpty()) {
      throw new AssertionError(
          mismatches.size()
              + " README example(s) print something else ('…' matches what varies):\n\n"
              + String.join("\n\n", mismatches));
    }
  }

  private static Optional<String> whyNotRun(ConsoleBlocks.Block b) {
    if (b.optedOut()) {
      return Optional.of("opted out");
    }
    return b.commands().stream()
        .map(c -> ConsoleBlocks.unrunnable(c.text()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static List<String> run(String command) throws Exception {
    Path out = Files.createTempFile("sluice-readme-cmd", ".out");
    try {
      ProcessBuilder pb =
          new ProcessBuilder("bash", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      cleanEnvironment(pb.environment());
      // what the walk-through's reader has exported
      pb.environment().put("SLUICE_API_KEY", API_KEY);
      pb.environment().put("SLUICE_API_KEY_SHA256", API_KEY_SHA256);
      Process p = pb.start();
      if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return List.of("(did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s)");
      }
      return ConsoleBlocks.trimmed(
          List.of(Files.readString(out, StandardCharsets.UTF_8).split("\n", -1)));
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Without the caller's SLUICE_* settings, as on a fresh machine. */
  private static void cleanEnvironment(Map<String, String> env) {
    env.keySet().removeIf(k -> k.startsWith("SLUICE_"));
  }

  private static void awaitReady(int port, Process server, Path log) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() - deadline < 0) {
      if (!server.isAlive()) {
        throw new AssertionError("serve exited: " + Files.readString(log));
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("serve was not ready within 90 s: " + Files.readString(log));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static String jar() {
    return Path.of(System.getProperty("sluice.jar", "target/sluice.jar"))
        .toAbsolutePath()
        .toString();
  }
}
