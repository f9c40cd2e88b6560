package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

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
 * Issue 15, items 7 and 8: scripts/run_dev.sh and scripts/sluice in a copy of the repository whose
 * {@code mvn} is a stand-in that writes Maven's stray colour resets to stdout and "builds" by
 * copying the packaged jar — so the scripts' plumbing is checked without a real build: on a first
 * run stdout carries JSON lines only, a jar older than the sources is rebuilt, and without Java 21
 * the scripts say what they need and where they looked.
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
    assertThat(err, containsString("sluice: building"));
    assertThat(err, containsString("stand-in build output")); // the build's output, on stderr
  }

  @Test
  void sluiceRebuildsAJarOlderThanTheSources() throws Exception {
    skeleton();
    Path jar = packaged();
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

    Result first = run(env(), "scripts/sluice", "--version");
    assertThat(first.err(), first.code(), is(0));
    assertThat(first.out(), startsWith("sluice "));
    assertThat(first.out(), not(containsString("\u001b")));
    assertThat(first.err(), containsString("sources changed since it was built"));
    assertThat(calls(), is(1L));

    Result second = run(env(), "scripts/sluice", "--version");
    assertThat(second.err(), second.code(), is(0));
    assertThat(calls(), is(1L)); // up to date now: no build
  }

  @Test
  void withoutJava21TheScriptsSayWhatTheyNeedAndWhereTheyLooked() throws Exception {
    skeleton();
    packaged(); // newer than the sources: running needs a Java runtime only
    Path java17 = fakeJava(root.resolve("jdk-17"), "17.0.15", true);
    Path jvms = Files.createDirectories(root.resolve("jvms"));
    Map<String, String> env = env();
    env.put("JAVA_HOME", java17.toString());
    env.put("PATH", java17.resolve("bin") + ":" + root.resolve("fake-bin") + ":/usr/bin:/bin");
    env.put("SLUICE_JVM_DIRS", jvms.toString());

    Result none = run(env, "scripts/sluice", "--version");
    assertThat(none.code(), is(1));
    assertThat(none.out(), is(""));
    assertThat(none.err(), containsString("running target/sluice.jar needs Java 21 or newer"));
    assertThat(none.err(), containsString(java17.resolve("bin/java") + " (Java 17)"));
    assertThat(none.err(), containsString(jvms + "/*"));

    // a Java 21 runtime without javac is enough to run the jar
    fakeJava(jvms.resolve("jre-21"), "21.0.9", false);
    Result jre = run(env, "scripts/sluice", "--version");
    assertThat(jre.err(), jre.code(), is(0));
    assertThat(jre.out(), startsWith("sluice "));
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

  /** The packaged jar (and the libraries its manifest names) in the copy's target/. */
  private Path packaged() throws IOException {
    Path jar = root.resolve("target/sluice.jar");
    Files.createDirectories(jar.getParent());
    Files.copy(JAR, jar);
    Files.createSymbolicLink(root.resolve("target/libs"), JAR.resolveSibling("libs"));
    return jar;
  }

  /** A Java home whose java reports {@code version} and otherwise runs the real one. */
  private static Path fakeJava(Path home, String version, boolean javac) throws IOException {
    Path bin = Files.createDirectories(home.resolve("bin"));
    String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        bin.resolve("java"),
        "#!/usr/bin/env bash\n"
            + "if [[ $1 == -version ]]; then echo 'openjdk version \""
            + version
            + "\" 2025-01-01' >&2; exit 0; fi\n"
            + (version.startsWith("17") ? "echo 'UnsupportedClassVersionError' >&2; exit 1\n" : "")
            + "exec "
            + real
            + " \"$@\"\n");
    executable(bin.resolve("java"));
    if (javac) {
      Files.writeString(bin.resolve("javac"), "#!/usr/bin/env bash\nexit 0\n");
      executable(bin.resolve("javac"));
    }
    return home;
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

  private Result run(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Path out = root.resolve("stdout.txt");
    Path err = root.resolve("stderr.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + " did not finish within 60 s");
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private record Result(int code, String out, String err) {}
}
