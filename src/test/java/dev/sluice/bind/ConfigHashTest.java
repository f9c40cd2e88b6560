package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.bind.yaml.Environment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the config hash is a function of the files' contents and their paths relative to
 * gateway.yaml, not of how the config path was spelled or where the process was started. (The
 * three-working-directory check with the CLI as a process is ConfigHashIT.)
 */
class ConfigHashTest {
  private static final Path BASIC = Path.of("src/test/resources/configs/basic");

  @Test
  void theSameFilesHashTheSameHoweverTheirPathIsSpelled() throws Exception {
    String relative = hash(BASIC.resolve("gateway.yaml"));
    assertThat(hash(BASIC.toAbsolutePath().resolve("gateway.yaml")), is(relative));
    assertThat(hash(BASIC.resolve("routes/../gateway.yaml")), is(relative));
    assertThat(
        hash(Path.of("src/test/../test/resources/configs/basic/gateway.yaml")), is(relative));
  }

  @Test
  void aCopyElsewhereHashesTheSameUntilAFileChangesOrMoves(@TempDir Path dir) throws Exception {
    Path copy = dir.resolve("somewhere/else");
    copyTree(BASIC, copy);
    String original = hash(BASIC.resolve("gateway.yaml"));
    assertThat(hash(copy.resolve("gateway.yaml")), is(original));

    Path routes = copy.resolve("routes/basic.yaml");
    Files.writeString(routes, Files.readString(routes) + "\n# a comment changes the bytes\n");
    String changed = hash(copy.resolve("gateway.yaml"));
    assertThat(changed, is(not(original)));

    Files.move(routes, copy.resolve("routes/renamed.yaml")); // same bytes, another name
    assertThat(hash(copy.resolve("gateway.yaml")), is(not(changed)));
  }

  private static String hash(Path config) throws Exception {
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(config);
    if (!(r instanceof LoadResult.Loaded l)) {
      throw new AssertionError(config + " did not load: " + r);
    }
    return l.snapshot().hash();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
