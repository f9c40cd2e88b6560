package dev.sluice.runtime.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The body a row writer's generator writes: the same bytes, in an array of their length. */
class JsonBodyTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static byte[] generated(String value) throws IOException {
    JsonBody out = new JsonBody();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("v", value);
      g.writeEndObject();
    }
    return out.toByteArray();
  }

  @Test
  void aShortBodyIsTheGeneratorsOutputExactly() throws IOException {
    byte[] body = generated("Ada Lovelace");
    assertArrayEquals("{\"v\":\"Ada Lovelace\"}".getBytes(StandardCharsets.UTF_8), body);
  }

  @Test
  void aBodyLongerThanTheGeneratorsBufferArrivesWhole() throws IOException {
    String value = "é".repeat(20_000); // 40,000 bytes in UTF-8: several flushes
    byte[] body = generated(value);
    assertEquals("{\"v\":\"" + value + "\"}", new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void singleBytesAndSlicesAddUp() {
    JsonBody out = new JsonBody();
    out.write('[');
    out.write("xab".getBytes(StandardCharsets.US_ASCII), 1, 2);
    out.write(new byte[0], 0, 0);
    out.write(']');
    assertArrayEquals("[ab]".getBytes(StandardCharsets.US_ASCII), out.toByteArray());
    assertEquals(0, new JsonBody().toByteArray().length);
  }
}
