package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: scripts/run_dev.sh in a copy of the repository whose {@code mvn} is a stand-in that
 * writes Maven's stray colour resets to stdout and "builds" by copying the packaged jar — so the
 * script's plumbing is checked without a real build: on a first run stdout carries JSON lines only.
 */
class ScriptsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("").toAbsolutePath();
  private static final Path JAR =
      Path.of(System.getProperty("sluice.jar", "target/sluice.jar")).toAbsolutePath();

  @TempDir Path root;

  @Test
  void runDevOnAFirstRunPrintsOnlyJsonLinesOnStdout() throws Exception {
    skeleton();
    Map<String, String> env = env();
    env.put("SLUICE_PORT", String.valueOf(SluiceProcess.freePort()));
    Process p = start(env, "scripts/run_dev.sh");
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
        JsonNode json = JSON.readTree(line); // the first line above all: no ESC[0m before it
        assertThat(line, json.isObject(), is(true));
        if (json.path("msg").asText().equals("listening")) {
          break;
        }
      }
      assertThat(
          String.join("\n", lines), lines.get(lines.size() - 1), containsString("listening"));
    } finally {
      p.destroy();
      p.waitFor(20, TimeUnit.SECONDS);
    }
    assertThat(calls(), is(1L)); // target/ was missing: built once
    String err = Files.readString(root.resolve("stderr.log"));
    assertThat(err, containsString("building"));
    assertThat(err, containsString("stand-in build output")); // the build's output, on stderr
  }

  /** The scripts, a config with one static route, and sources older than any jar built now. */
  private void skeleton() throws IOException {
    for (String f : List.of("ci/lib.sh", "scripts/sluice", "scripts/run_dev.sh", "pom.xml")) {
      Path to = root.resolve(f);
      Files.createDirectories(to.getParent());
      Files.copy(REPO.resolve(f), to);
    }
    Path source = root.resolve("src/main/java/Source.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "class Source {}\n");
    Files.createDirectories(root.resolve("config"));
    Files.writeString(
        root.resolve("config/gateway.yaml"),
        """
        server:
          host: 127.0.0.1
          port: ${SLUICE_PORT}
          shutdown: {drain-delay: 0s, grace: 1s}
        route-files: [routes.yaml]
        stacks: {bare: []}
        """);
    Files.writeString(
        root.resolve("config/routes.yaml"),
        "routes:\n  - {id: root, method: GET, path: /, stack: bare, static: {body: OK}}\n");
    for (Path f : List.of(source, root.resolve("pom.xml"))) {
      Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofMinutes(30))));
    }
    Path mvn = root.resolve("fake-bin/mvn");
    Files.createDirectories(mvn.getParent());
    Files.writeString(
        mvn,
        """
        #!/usr/bin/env bash
        # Maven's stand-in: the colour resets Maven 3.8 writes to stdout, output on both streams
        printf '\\033[0m\\033[0m[INFO] stand-in build output\\n'
        echo "stand-in build output" >&2
        echo "$*" >> "$MVN_CALLS"
        mkdir -p target && cp "$REAL_JAR" target/sluice.jar
        [[ -e target/libs ]] || ln -s "$(dirname "$REAL_JAR")/libs" target/libs
        """);
    executable(mvn);
  }

  private static void executable(Path p) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("PATH", root.resolve("fake-bin") + ":" + System.getenv("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("REAL_JAR", JAR.toString());
    env.put("MVN_CALLS", root.resolve("mvn-calls").toString());
    return env;
  }

  private long calls() throws IOException {
    Path f = root.resolve("mvn-calls");
    return Files.exists(f) ? Files.readAllLines(f).size() : 0;
  }

  private Process start(Map<String, String> env, String... cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.redirectError(root.resolve("stderr.log").toFile());
    return pb.start();
  }
}
