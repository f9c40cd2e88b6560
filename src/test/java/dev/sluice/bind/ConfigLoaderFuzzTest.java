package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.spec.ConfigError;
import dev.sluice.testing.FuzzRuns;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config loader on any input: the shipped config, route and example files, one of them replaced
 * by any bytes or edited (lines dropped, repeated, swapped or cut, characters changed, YAML tokens
 * inserted). The loader loads, or reports config errors whose line and column lie inside the file
 * they name; it never throws and never hangs.
 *
 * <p>An input's last byte picks the file ({@link #FILES}, modulo 4), the one before says how: odd,
 * the rest of the input is the file's new bytes; even, the bytes before it (read from the end) are
 * up to 8 edits of the shipped file.
 */
@ExtendWith(FuzzRuns.class)
class ConfigLoaderFuzzTest {
  static final List<String> FILES =
      List.of(
          "config/gateway.yaml",
          "routes/root.yaml",
          "routes/login.yaml",
          "examples/users/users.yaml");
  private static final List<String> TOKENS =
      List.of(
          ": ",
          "- ",
          "\n",
          "\n  ",
          "  ",
          "{",
          "}",
          "[",
          "]",
          ",",
          "&a ",
          "*a",
          "<<: *a",
          "!!str ",
          "!!binary ",
          "'",
          "\"",
          "#",
          "key",
          "routes",
          "server",
          "path: /",
          "method: GET",
          "stack: ",
          "${X}",
          "${SLUICE_PORT:-",
          "\t",
          "\u00e9",
          "\ufeff",
          "---\n",
          "...\n",
          "? ",
          "|\n",
          ">-\n",
          "~",
          "null",
          "1e9",
          "0x1F",
          "-1",
          "10MiB",
          "5s",
          "{id}",
          "\\",
          "%");

  @TempDir Path dir;
  private final Map<String, byte[]> originals = new HashMap<>();
  private ConfigLoader loader;

  @BeforeEach
  void copyTheShippedFiles() throws IOException {
    for (String d : List.of("config", "routes", "examples/users")) {
      Files.createDirectories(dir.resolve(d));
      try (Stream<Path> files = Files.list(Path.of(d))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, dir.resolve(d).resolve(f.getFileName().toString()));
        }
      }
    }
    for (String f : FILES) {
      originals.put(f, Files.readAllBytes(dir.resolve(f)));
    }
    loader =
        new ConfigLoader(
            Environment.of(
                Map.of(
                    "SLUICE_API_KEY_SHA256",
                    "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb")));
  }

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    ": ", "- ", "&a ", "*a", "<<: *a", "!!str ", "!!binary ", "routes:", "server:", "path: /",
    "method: GET", "stack: ", "${X}", "${SLUICE_PORT:-", "\ufeff", "---", "...", "? ", "|", ">-",
    "10MiB", "5s", "{id}"
  })
  @FuzzTest(maxDuration = "10s")
  void loadsOrLocatesItsErrors(FuzzedDataProvider data)
      throws IOException, UnreadableFileException {
    FuzzRuns.count();
    String file = FILES.get(data.consumeInt(0, FILES.size() - 1));
    byte[] bytes =
        data.consumeBoolean() ? data.consumeRemainingAsBytes() : edited(originals.get(file), data);
    for (String f : FILES) {
      Files.write(dir.resolve(f), originals.get(f));
    }
    Files.write(dir.resolve(file), bytes);
    LoadResult result = loader.load(dir.resolve("config/gateway.yaml"));
    if (result instanceof LoadResult.Invalid invalid) {
      for (ConfigError e : invalid.errors()) {
        inRange(e);
      }
    }
  }

  private static byte[] edited(byte[] original, FuzzedDataProvider data) {
    List<String> lines =
        new ArrayList<>(List.of(new String(original, StandardCharsets.UTF_8).split("\n", -1)));
    int edits = data.consumeInt(1, 8);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int i = data.consumeInt(0, lines.size() - 1);
      String l = lines.get(i);
      switch (data.consumeInt(0, 5)) {
        case 0 -> lines.remove(i);
        case 1 -> lines.add(i, lines.get(data.consumeInt(0, lines.size() - 1)));
        case 2 -> {
          int at = data.consumeInt(0, l.length());
          String token = TOKENS.get(data.consumeInt(0, TOKENS.size() - 1));
          lines.set(i, l.substring(0, at) + token + l.substring(at));
        }
        case 3 -> {
          if (!l.isEmpty()) {
            int at = data.consumeInt(0, l.length() - 1);
            lines.set(i, l.substring(0, at) + data.consumeChar() + l.substring(at + 1));
          }
        }
        case 4 -> {
          int j = data.consumeInt(0, lines.size() - 1);
          lines.set(i, lines.get(j));
          lines.set(j, l);
        }
        default -> lines.set(i, l.substring(0, data.consumeInt(0, l.length())));
      }
    }
    return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
  }

  /** The error's line and column lie inside the file it names (its last line + 1 for the end). */
  private void inRange(ConfigError e) throws IOException {
    Path named = dir.resolve("config").resolve(e.file()).normalize();
    if (!Files.isRegularFile(named)) {
      named = dir.resolve(e.file()).normalize();
    }
    if (!Files.isRegularFile(named)) {
      return; // a file the config names that does not exist: no lines to be inside of
    }
    // not UTF-8 is an error the loader reports; here each bad byte counts as one character. Lines
    // as YAML counts them (and the positions the loader reports): a lone CR breaks a line too
    String[] lines =
        new String(Files.readAllBytes(named), StandardCharsets.UTF_8).split("\r\n|\r|\n", -1);
    assertThat(e + ": line", e.line(), lessThanOrEqualTo(lines.length + 1));
    if (e.line() <= lines.length) {
      assertThat(e + ": column", e.column(), lessThanOrEqualTo(lines[e.line() - 1].length() + 2));
    }
  }
}
