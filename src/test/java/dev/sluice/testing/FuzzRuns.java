package dev.sluice.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Counts the inputs of a Jazzer fuzz test ({@code @FuzzTest}, one a class) for {@code
 * scripts/chaos_test.sh}: the test calls {@link #count()} once an input. When Jazzer fuzzes ({@code
 * JAZZER_FUZZ} set) it writes {@code target/reliability/fuzz/<target>.txt} ("N inputs, N failed, N
 * s"), the target named after the class ({@code ConfigLoaderFuzzTest} is {@code config-loader}).
 * Jazzer fuzzes one test a JVM, so the counts are the JVM's: the corpus replay (one JUnit
 * invocation an input), then the fuzzing run (one invocation for all its inputs).
 *
 * <p>The file is written before each invocation with one failure more, and again after it: a hang
 * ends the JVM (libFuzzer's {@code -timeout} exits), and its file then still counts the failure.
 */
public final class FuzzRuns implements BeforeEachCallback, AfterEachCallback {
  private static final AtomicLong INPUTS = new AtomicLong();
  private static final AtomicLong FAILED = new AtomicLong();
  private static final long START = System.nanoTime();

  /** Counts one input. */
  public static void count() {
    INPUTS.incrementAndGet();
  }

  /**
   * The rest of the input as UTF-8 text (a bad sequence is U+FFFD): a corpus file of a text target
   * is the text itself, as an editor saves it.
   */
  public static String text(FuzzedDataProvider data) {
    return new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    write(context, FAILED.get() + 1, ", did not end: a hang or a crash of the JVM");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent()) {
      FAILED.incrementAndGet();
    }
    write(context, FAILED.get(), "");
  }

  private static void write(ExtensionContext context, long failed, String note) {
    if (!fuzzing()) {
      return;
    }
    long seconds = Math.round((System.nanoTime() - START) / 1e9);
    Path dir = Path.of("target", "reliability", "fuzz");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve(target(context.getRequiredTestClass()) + ".txt"),
          INPUTS.get() + " inputs, " + failed + " failed, " + seconds + " s" + note + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether Jazzer fuzzes in this JVM: {@code JAZZER_FUZZ} as Jazzer reads it. */
  static boolean fuzzing() {
    for (String v :
        new String[] {System.getenv("JAZZER_FUZZ"), System.getProperty("JAZZER_FUZZ")}) {
      if (v != null && (v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"))) {
        return true;
      }
    }
    return false;
  }

  /** {@code ConfigLoaderFuzzTest} is {@code config-loader}. */
  static String target(Class<?> test) {
    String name = test.getSimpleName().replaceFirst("FuzzTest$", "");
    return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
