package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config loader on random input: the shipped config and route files mutated (bytes flipped,
 * lines dropped, repeated or swapped, YAML tokens inserted) and random YAML-ish text as
 * gateway.yaml. The loader loads, or reports config errors whose line and column lie inside the
 * file they name; it never throws (a missing gateway.yaml aside) and never hangs.
 */
@Tag("reliability")
class ConfigLoaderFuzzIT {
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

  @Test
  void mutatedShippedFilesAndRandomYaml() throws Exception {
    for (String d : List.of("config", "routes", "examples/users")) {
      Files.createDirectories(dir.resolve(d));
      try (Stream<Path> files = Files.list(Path.of(d))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, dir.resolve(d).resolve(f.getFileName().toString()));
        }
      }
    }
    List<Path> targets =
        List.of(
            dir.resolve("config/gateway.yaml"),
            dir.resolve("routes/root.yaml"),
            dir.resolve("routes/login.yaml"),
            dir.resolve("examples/users/users.yaml"));
    Map<Path, byte[]> originals = new java.util.HashMap<>();
    for (Path t : targets) {
      originals.put(t, Files.readAllBytes(t));
    }
    ConfigLoader loader =
        new ConfigLoader(
            Environment.of(
                Map.of(
                    "SLUICE_API_KEY_SHA256",
                    "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb")));
    Path gateway = dir.resolve("config/gateway.yaml");
    Fuzz.run(
        "config",
        Fuzz.corpus("config"),
        r -> mutate(r, targets, originals),
        100_000,
        text -> {
          int cut = text.indexOf('\u0001');
          Path file = targets.get(Integer.parseInt(text.substring(0, cut)));
          for (Path t : targets) {
            Files.write(t, originals.get(t));
          }
          Files.writeString(file, text.substring(cut + 1), StandardCharsets.UTF_8);
          LoadResult result = loader.load(gateway);
          if (result instanceof LoadResult.Invalid invalid) {
            for (ConfigError e : invalid.errors()) {
              inRange(e);
            }
          }
        });
  }

  /** "<index of the file>\u0001<its new text>" */
  private static String mutate(Random r, List<Path> targets, Map<Path, byte[]> originals) {
    int which = r.nextInt(targets.size());
    if (which == 0 && r.nextInt(5) == 0) {
      return "0\u0001" + Fuzz.pieces(r, TOKENS, 60); // random YAML-ish text as gateway.yaml
    }
    String text = new String(originals.get(targets.get(which)), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    int edits = 1 + r.nextInt(4);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int i = r.nextInt(lines.size());
      switch (r.nextInt(6)) {
        case 0 -> lines.remove(i);
        case 1 -> lines.add(i, lines.get(r.nextInt(lines.size())));
        case 2 -> {
          String l = lines.get(i);
          int at = l.isEmpty() ? 0 : r.nextInt(l.length() + 1);
          lines.set(i, l.substring(0, at) + TOKENS.get(r.nextInt(TOKENS.size())) + l.substring(at));
        }
        case 3 -> {
          String l = lines.get(i);
          if (!l.isEmpty()) {
            int at = r.nextInt(l.length());
            lines.set(i, l.substring(0, at) + (char) r.nextInt(128) + l.substring(at + 1));
          }
        }
        case 4 -> {
          int j = r.nextInt(lines.size());
          String l = lines.get(i);
          lines.set(i, lines.get(j));
          lines.set(j, l);
        }
        default -> {
          String l = lines.get(i);
          lines.set(i, l.substring(0, r.nextInt(l.length() + 1)));
        }
      }
    }
    return which + "\u0001" + String.join("\n", lines);
  }

  /** The error's line and column lie inside the file it names (its last line + 1 for the end). */
  private void inRange(ConfigError e) throws Exception {
    Path named = dir.resolve("config").resolve(e.file()).normalize();
    if (!Files.isRegularFile(named)) {
      named = dir.resolve(e.file()).normalize();
    }
    if (!Files.isRegularFile(named)) {
      return; // a file the config names that does not exist: no lines to be inside of
    }
    String text = Files.readString(named, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    assertThat(e + ": line", e.line(), lessThanOrEqualTo(lines.length + 1));
    if (e.line() <= lines.length) {
      assertThat(e + ": column", e.column(), lessThanOrEqualTo(lines[e.line() - 1].length() + 2));
    }
  }
}
