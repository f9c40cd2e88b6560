package dev.sluice.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Random-input checks with a fixed seed, bounded in inputs and time (Jazzer does not resolve here):
 * a target first replays its regression corpus ({@code src/test/resources/fuzz/<target>.txt}, one
 * input a line, {@code \n} and {@code \xNN} escapes), then generates inputs from {@code seed + i}
 * until the budget ends. A failure names the input's seed, which reproduces it; an input that takes
 * longer than {@link #HANG} is a hang. Writes {@code target/reliability/fuzz/<target>.txt} ("N
 * inputs, N failed") for {@code scripts/chaos_test.sh}.
 */
public final class Fuzz {
  public static final long SEED = 20261203L;
  static final Duration HANG = Duration.ofSeconds(10);

  private Fuzz() {}

  /** Checks one input. */
  public interface Check<T> {
    void check(T input) throws Exception;
  }

  /** Makes one input from a seeded random. */
  public interface Generator<T> {
    T generate(Random random) throws Exception;
  }

  /** The corpus's lines, unescaped; none when the file is missing. */
  public static List<String> corpus(String target) throws IOException {
    Path file = Path.of("src/test/resources/fuzz", target + ".txt");
    if (!Files.exists(file)) {
      return List.of();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> !l.startsWith("#"))
        .map(Fuzz::unescape)
        .toList();
  }

  /**
   * The time a target gets: {@code SLUICE_FUZZ_SECONDS}, else 5 s (the chaos script sets 20 s, 60 s
   * in full mode).
   */
  public static Duration budget() {
    String s = System.getenv("SLUICE_FUZZ_SECONDS");
    return Duration.ofSeconds(s == null || s.isBlank() ? 5 : Long.parseLong(s.trim()));
  }

  /** Runs the corpus, then generated inputs for {@link #budget()} (at most {@code maxInputs}). */
  public static <T> long run(
      String target, List<T> corpus, Generator<T> generator, int maxInputs, Check<T> check)
      throws Exception {
    long deadline = System.nanoTime() + budget().toNanos();
    long inputs = 0;
    try (ExecutorService one = Executors.newSingleThreadExecutor()) {
      for (T c : corpus) {
        inputs++;
        once(target, "corpus input " + show(c), c, check, one, inputs);
      }
      for (int i = 0; i < maxInputs && System.nanoTime() - deadline < 0; i++) {
        long seed = SEED + i;
        T input = generator.generate(new Random(seed));
        inputs++;
        once(target, "seed " + seed + ", input " + show(input), input, check, one, inputs);
      }
    }
    write(target, inputs, 0);
    return inputs;
  }

  private static <T> void once(
      String target, String what, T input, Check<T> check, ExecutorService one, long inputs)
      throws Exception {
    Future<?> f =
        one.submit(
            () -> {
              check.check(input);
              return null;
            });
    try {
      f.get(HANG.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      write(target, inputs, 1);
      throw new AssertionError(target + ": no answer within " + HANG + " for " + what);
    } catch (ExecutionException e) {
      write(target, inputs, 1);
      throw new AssertionError(target + ": " + e.getCause() + " for " + what, e.getCause());
    }
  }

  private static void write(String target, long inputs, long failed) throws IOException {
    Path dir = Path.of("target", "reliability", "fuzz");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(target + ".txt"), inputs + " inputs, " + failed + " failed\n");
  }

  private static String show(Object input) {
    String s =
        input instanceof byte[] b
            ? new String(b, StandardCharsets.ISO_8859_1)
            : String.valueOf(input);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 300; i++) {
      char c = s.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\\') {
        out.append("\\\\");
      } else if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return "\"" + out + "\"";
  }

  private static String unescape(String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char n = line.charAt(++i);
        switch (n) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'x' -> {
            out.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
            i += 2;
          }
          default -> out.append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** A random string over {@code alphabet}'s pieces, up to {@code max} pieces. */
  public static String pieces(Random r, List<String> alphabet, int max) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(max + 1);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.get(r.nextInt(alphabet.size())));
    }
    return sb.toString();
  }
}
