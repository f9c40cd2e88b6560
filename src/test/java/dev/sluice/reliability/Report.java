package dev.sluice.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one-line result of a scenario, written to {@code target/reliability/<scenario>.txt} (which
 * {@code scripts/chaos_test.sh} prints in its order) and to standard output; and the mode the
 * script asked for ({@code SLUICE_CHAOS_MODE=short} in CI, else full).
 */
public final class Report {
  static final Path DIR = Path.of("target", "reliability");

  private Report() {}

  /** Whether the script runs the short (CI) mode. */
  static boolean shortMode() {
    return "short".equals(System.getenv("SLUICE_CHAOS_MODE"));
  }

  /** {@code shortValue} in the short mode, else {@code fullValue}. */
  static Duration pick(Duration shortValue, Duration fullValue) {
    return shortMode() ? shortValue : fullValue;
  }

  /** Writes {@code "<scenario>: <line>"}; the test then asserts what the line claims. */
  public static void line(String scenario, String line) throws IOException {
    String text = scenario + ": " + line;
    System.out.println(text);
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve(scenario + ".txt"), text + "\n", StandardCharsets.UTF_8);
  }

  /** Milliseconds as seconds with one decimal: "2.3 s". */
  static String seconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
