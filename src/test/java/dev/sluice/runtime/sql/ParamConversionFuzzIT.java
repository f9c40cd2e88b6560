package dev.sluice.runtime.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.ParamType;
import dev.sluice.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Parameter conversion on random text and JSON, for every type: a value converts or fails saying
 * what was expected; nothing is thrown.
 */
@Tag("reliability")
class ParamConversionFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PIECES =
      List.of(
          "0",
          "1",
          "9",
          "-",
          "+",
          ".",
          "e",
          "E",
          "999999999999999999999",
          "1e999",
          "NaN",
          "true",
          "false",
          "null",
          "T",
          ":",
          "Z",
          "2024-02-30",
          "2024-01-01T00:00:00Z",
          "-01",
          "\"",
          "[",
          "]",
          "{",
          "}",
          ",",
          " ",
          "x",
          "\u00e9",
          "12345678-1234-1234-1234-123456789abc",
          "1e-1000000",
          "0x10",
          "\u0000");

  @Test
  void conversion() throws Exception {
    Fuzz.run(
        "param-conversion",
        Fuzz.corpus("param-conversion"),
        r -> Fuzz.pieces(r, PIECES, 8),
        1_000_000,
        text -> {
          for (ParamType type : ParamType.values()) {
            ParamConversion.fromText(type, text);
            ParamConversion.storable(text);
            com.fasterxml.jackson.databind.JsonNode node;
            try {
              node = JSON.readTree(text);
            } catch (com.fasterxml.jackson.core.JacksonException e) {
              continue;
            }
            if (node != null) {
              ParamConversion.fromJson(type, node);
            }
          }
        });
  }
}
