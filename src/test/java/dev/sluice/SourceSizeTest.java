package dev.sluice;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Small classes (docs/architecture.md): no main source file over {@value #MAX_LINES} lines. */
class SourceSizeTest {
  private static final int MAX_LINES = 400;

  @Test
  void noMainSourceFileIsOverTheLimit() throws IOException {
    List<String> over;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      over =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .map(f -> f + ": " + lines(f) + " lines")
              .filter(s -> Integer.parseInt(s.replaceAll(".*: (\\d+) lines", "$1")) > MAX_LINES)
              .sorted()
              .toList();
    }
    assertThat("split these (at most " + MAX_LINES + " lines a file)", over, empty());
  }

  private static long lines(Path f) {
    try (Stream<String> l = Files.lines(f)) {
      return l.count();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
