package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

  /** Found by Jazzer (corpus input route-files-a-mapping): the loader threw on a mapping. */
  @Test
  void routeFilesWrittenAsAMappingIsTheSchemasErrorNotAThrow(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        "server: {port: 8080}\nroute-files: {a: routes.yaml}\nstacks: {bare: []}\n");
    Files.writeString(dir.resolve("routes.yaml"), "routes: []\n");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    assertThat(r, instanceOf(LoadResult.Invalid.class));
    assertThat(
        ((LoadResult.Invalid) r).errors().stream().map(ConfigError::pointer).toList(),
        is(java.util.List.of("/route-files")));
  }
}
