package dev.sluice.runtime.sql;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.ParamType;
import dev.sluice.testing.FuzzRuns;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Parameter conversion on any text, and on the JSON that text may be, for every type: a value
 * converts or fails saying what was expected; nothing is thrown. An input is the text's UTF-8
 * bytes.
 */
@ExtendWith(FuzzRuns.class)
class ParamConversionFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "999999999999999999999",
    "1e999",
    "NaN",
    "true",
    "false",
    "null",
    "T",
    "Z",
    "2024-02-30",
    "2024-01-01T00:00:00Z",
    "-01",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "\u00e9",
    "12345678-1234-1234-1234-123456789abc",
    "1e-1000000",
    "0x10",
    "\u0000",
    "9223372036854775808",
    "-9223372036854775809"
  })
  @FuzzTest(maxDuration = "10s")
  void conversion(FuzzedDataProvider data) {
    FuzzRuns.count();
    String text = FuzzRuns.text(data);
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JacksonException e) {
      node = null;
    }
    for (ParamType type : ParamType.values()) {
      ParamConversion.fromText(type, text);
      ParamConversion.storable(text);
      if (node != null) {
        ParamConversion.fromJson(type, node);
      }
    }
  }
}
