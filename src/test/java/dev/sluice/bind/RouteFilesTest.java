package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteFilesTest {
  @Test
  void doubleStarSlashAlsoMatchesNoDirectory(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("routes/v1/deep"));
    for (String f :
        new String[] {
          "routes/a.yaml", "routes/v1/b.yaml", "routes/v1/deep/c.yaml", "routes/x.txt"
        }) {
      Files.writeString(dir.resolve(f), "routes: []\n");
    }
    assertThat(
        RouteFiles.expand(dir, "routes/**/*.yaml").stream()
            .map(p -> dir.relativize(p).toString())
            .toList(),
        contains("routes/a.yaml", "routes/v1/b.yaml", "routes/v1/deep/c.yaml"));
    assertThat(
        RouteFiles.expand(dir, "routes/*.yaml").stream()
            .map(p -> dir.relativize(p).toString())
            .toList(),
        contains("routes/a.yaml"));
  }
}
