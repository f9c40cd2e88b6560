package dev.sluice.deploy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external command (kubectl, docker-compose, promtool, a script) to completion. */
record Command(int code, String out, String err) {

  /**
   * Runs {@code cmd} in the project directory with the process environment plus {@code env}, or
   * with only {@code env} when {@code clean}. At most two minutes.
   */
  static Command run(Map<String, String> env, boolean clean, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (clean) {
      pb.environment().clear();
    }
    pb.environment().putAll(env);
    Path out = Files.createTempFile("sluice-cmd-out", ".txt");
    Path err = Files.createTempFile("sluice-cmd-err", ".txt");
    try {
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish within 2 minutes");
      }
      return new Command(
          p.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static Command run(String... cmd) throws Exception {
    return run(Map.of(), false, cmd);
  }

  /** The first of {@code names} found on PATH, or null. */
  static Path onPath(String... names) {
    for (String name : names) {
      for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
        Path p = Path.of(dir, name);
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  /** The path of a tool the test needs, failing with how to install it when it is missing. */
  static Path require(String name, String install) {
    Path p = onPath(name);
    if (p == null) {
      throw new AssertionError(name + " is not installed: " + install);
    }
    return p;
  }

  /** {@code out} and {@code err}, for assertion messages. */
  String both() {
    return "exit " + code + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
  }

  static List<String> lines(String s) {
    return s.lines().toList();
  }
}
