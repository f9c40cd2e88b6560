package dev.sluice;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: docs/architecture.md names only what exists — every class it puts in backticks has a
 * source file in src/, and every package it names in backticks a directory under dev/sluice.
 */
class ArchitectureDocTest {
  private static final Path DOC = Path.of("docs/architecture.md");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*");
  private static final Pattern PACKAGE = Pattern.compile("[a-z]+(\\.[a-z]+)*");

  @Test
  void everyClassInBackticksHasASourceFile() throws IOException {
    Set<String> sources;
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      sources =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".java"))
              .map(n -> n.substring(0, n.length() - 5))
              .collect(Collectors.toSet());
    }
    List<String> named = named(CLASS);
    assertThat(named.size(), greaterThan(40));
    Set<String> missing = new TreeSet<>(named);
    missing.removeAll(sources);
    assertThat("classes docs/architecture.md names that src/ has not", missing, is(empty()));
  }

  @Test
  void everyPackageOfTheLayerTableExists() throws IOException {
    Set<String> missing = new TreeSet<>();
    for (String line : Files.readAllLines(DOC)) {
      if (!line.startsWith("| ") || line.startsWith("| layer")) {
        continue;
      }
      String packages = line.split("\\|")[2];
      Matcher m = CODE.matcher(packages);
      while (m.find()) {
        String p = m.group(1);
        if (p.equals("dev.sluice")) {
          continue;
        }
        if (!PACKAGE.matcher(p).matches()
            || !Files.isDirectory(Path.of("src/main/java/dev/sluice", p.split("\\.")))) {
          missing.add(p);
        }
      }
    }
    assertThat("packages of the layer table that src/main has not", missing, is(empty()));
  }

  private static List<String> named(Pattern kind) throws IOException {
    // without the fenced diagram, whose ``` would pair backticks across the text
    Matcher m = CODE.matcher(Files.readString(DOC).replaceAll("(?s)```.*?```", ""));
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      // `GatewayRuntime.pools` names a class and a member: the class is what must exist
      String head = m.group(1).split("[.(]")[0];
      if (kind.matcher(head).matches()) {
        out.add(head);
      }
    }
    return out;
  }
}
