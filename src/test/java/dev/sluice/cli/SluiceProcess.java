package dev.sluice.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the packaged jar as an operator would: {@code java -jar target/sluice.jar …}. */
public final class SluiceProcess implements AutoCloseable {
  public final Process process;
  final Path stdout;
  final Path stderr;

  /** SHA-256 of "sluice-test-key", the API key the shipped config's writers stack is given. */
  static final String TEST_KEY_SHA256 = sha256("sluice-test-key");

  /** The hex SHA-256 of {@code text}'s UTF-8 bytes, as {@code SLUICE_API_KEY_SHA256} takes it. */
  static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private SluiceProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static SluiceProcess start(Map<String, String> env, String... args) throws IOException {
    return start(Path.of(""), env, args);
  }

  /** Starts the jar in the working directory {@code dir}. */
  public static SluiceProcess start(Path dir, Map<String, String> env, String... args)
      throws IOException {
    String jar =
        Path.of(System.getProperty("sluice.jar", "target/sluice.jar")).toAbsolutePath().toString();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar);
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toAbsolutePath().toFile());
    // the shipped config opens the admin API on 9901: a free port unless a test picks one
    pb.environment().put("SLUICE_ADMIN_PORT", "0");
    pb.environment().put("SLUICE_METRICS_PORT", "0");
    // the shipped config refuses to load without an API key hash for its writes: a test key's,
    // unless a test sets its own (or "" to see the refusal)
    pb.environment().put("SLUICE_API_KEY_SHA256", TEST_KEY_SHA256);
    pb.environment().putAll(env);
    Path out = Files.createTempFile("sluice-out", ".log");
    Path err = Files.createTempFile("sluice-err", ".log");
    pb.redirectOutput(out.toFile());
    pb.redirectError(err.toFile());
    return new SluiceProcess(pb.start(), out, err);
  }

  /** Runs to completion (at most 60 s) and returns the exit code. */
  static Result run(Map<String, String> env, String... args) throws Exception {
    return run(Path.of(""), env, args);
  }

  /** Runs to completion (at most 60 s) in the working directory {@code dir}. */
  static Result run(Path dir, Map<String, String> env, String... args) throws Exception {
    try (SluiceProcess p = start(dir, env, args)) {
      if (!p.process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("sluice did not exit within 60 s");
      }
      return new Result(p.process.exitValue(), p.out(), p.err());
    }
  }

  public String out() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  public String err() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  public int waitForExit(Duration max) throws InterruptedException {
    if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("sluice did not exit within " + max);
    }
    return process.exitValue();
  }

  /** Waits (at most 30 s) until {@code /readyz} on {@code port} answers 200. */
  public void awaitReady(int port) throws Exception {
    awaitReady(port, Duration.ofSeconds(30));
  }

  /** Waits (at most {@code max}) until {@code /readyz} on {@code port} answers 200. */
  public void awaitReady(int port, Duration max) throws Exception {
    java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    java.net.http.HttpRequest ready =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(10))
            .build();
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("sluice exited: " + err() + out());
      }
      try {
        if (http.send(ready, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("sluice did not become ready: " + err());
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    Files.deleteIfExists(stdout);
    Files.deleteIfExists(stderr);
  }

  record Result(int code, String out, String err) {}
}
