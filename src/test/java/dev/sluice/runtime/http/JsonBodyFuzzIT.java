package dev.sluice.runtime.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.sluice.problem.ProblemException;
import dev.sluice.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Reading a JSON request body on random bytes: a tree, or a 400 problem saying why; nothing else is
 * thrown, however deep, large or malformed the input.
 */
@Tag("reliability")
class JsonBodyFuzzIT {
  private static final List<String> PIECES =
      List.of(
          "{",
          "}",
          "[",
          "]",
          "\"",
          "\"a\"",
          ":",
          ",",
          "1",
          "-",
          "1e999999",
          "0.",
          "true",
          "null",
          " ",
          "\\u0000",
          "\\ud800",
          "\\",
          "\u00e9",
          "[[[[[[[[[[",
          "{\"a\":",
          "/*",
          "NaN",
          "\n");

  @Test
  void reading() throws Exception {
    Fuzz.run(
        "json-body",
        Fuzz.corpus("json-body").stream()
            .map(s -> s.getBytes(StandardCharsets.ISO_8859_1))
            .toList(),
        r -> {
          if (r.nextInt(4) == 0) {
            byte[] b = new byte[r.nextInt(64)];
            r.nextBytes(b);
            return b;
          }
          return Fuzz.pieces(r, PIECES, 40).getBytes(StandardCharsets.UTF_8);
        },
        1_000_000,
        body -> {
          try {
            RequestBodies.json(body);
          } catch (ProblemException e) {
            assertThat(e.status().code(), is(400));
          }
        });
  }
}
