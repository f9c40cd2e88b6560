package dev.sluice.server.metrics;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's {@code prometheus} package: {@code /usr/bin/promtool} and {@code /usr/bin/prometheus}.
 * Missing, the tests that need them skip, unless {@code SLUICE_TEST_REQUIRE_DB=1} (scripts/test.sh,
 * CI, whose ci/services.sh installs the package): then they fail.
 */
final class PrometheusBinaries {
  private PrometheusBinaries() {}

  static Path require(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    String why = name + " is not installed (apt-get install prometheus)";
    if ("1".equals(System.getenv("SLUICE_TEST_REQUIRE_DB"))) {
      fail("SLUICE_TEST_REQUIRE_DB=1 but " + why);
    }
    Assumptions.assumeTrue(false, why + ": skipped");
    throw new IllegalStateException("unreachable");
  }
}
