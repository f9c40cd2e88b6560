package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the shipped config's hash, as {@code validate-config} prints it, is the same from three
 * working directories — the repository, config/ itself, and one outside the repository.
 */
class ConfigHashIT {
  private static final Pattern HASH = Pattern.compile("config hash ([0-9a-f]{16})");

  @Test
  void theSameFilesHashTheSameFromAnyWorkingDirectory() throws Exception {
    Path repo = Path.of("").toAbsolutePath();
    Path elsewhere = Files.createTempDirectory("sluice-cwd");
    try {
      String fromRepo = hash(repo, "config/gateway.yaml");
      assertThat(hash(repo.resolve("config"), "gateway.yaml"), is(fromRepo));
      assertThat(hash(elsewhere, repo.resolve("config/gateway.yaml").toString()), is(fromRepo));
    } finally {
      Files.delete(elsewhere);
    }
  }

  private static String hash(Path dir, String config) throws Exception {
    SluiceProcess.Result r = SluiceProcess.run(dir, Map.of(), "validate-config", "-c", config);
    assertThat(r.err(), r.code(), is(0));
    Matcher m = HASH.matcher(r.out());
    assertThat(r.out(), m.find(), is(true));
    return m.group(1);
  }
}
