package dev.sluice.schema;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: a request-body schema may {@code $ref} files in its own directory (and below it), by
 * relative reference; never a remote schema, never a file outside that directory.
 */
class BodySchemaRefsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static Path order(Path dir, String ref) throws Exception {
    return write(
        dir.resolve("schemas/order.json"),
        """
        {"$schema": "https://json-schema.org/draft/2020-12/schema",
         "type": "object", "required": ["total"],
         "properties": {"total": {"$ref": "%s"}}}
        """
            .formatted(ref));
  }

  private static List<String> messages(SchemaValidator v, String body) throws Exception {
    return v.validate(JSON.readTree(body), "body", p -> new Location(1, 1)).stream()
        .map(ConfigError::message)
        .toList();
  }

  @Test
  void aRelativeRefInsideTheDirectoryIsLoaded(@TempDir Path dir) throws Exception {
    write(
        dir.resolve("schemas/common/money.json"),
        """
        {"$defs": {"cents": {"type": "integer", "minimum": 0}},
         "$ref": "#/$defs/cents"}
        """);
    SchemaValidator whole = SchemaValidator.fromFile(order(dir, "common/money.json"));
    assertThat(messages(whole, "{\"total\": 250}"), is(empty()));
    assertThat(messages(whole, "{\"total\": -1}"), contains(containsString("at least 0")));
    SchemaValidator part = SchemaValidator.fromFile(order(dir, "./common/money.json#/$defs/cents"));
    assertThat(messages(part, "{\"total\": \"x\"}"), contains(containsString("integer")));
  }

  /** Why loading order.json with {@code ref} fails. */
  private static String refusal(Path dir, String ref) throws Exception {
    Path schema = order(dir, ref);
    return assertThrows(IllegalArgumentException.class, () -> SchemaValidator.fromFile(schema))
        .getMessage();
  }

  @Test
  void aRefOutOfTheDirectoryIsRefused(@TempDir Path dir) throws Exception {
    write(dir.resolve("outside.json"), "{\"type\": \"integer\"}");
    String outside = "outside the schema's directory";
    assertThat(refusal(dir, "../outside.json"), containsString(outside));
    assertThat(
        refusal(dir, dir.resolve("outside.json").toUri().toString()), containsString(outside));
    assertThat(refusal(dir, "classpath:schemas/route.schema.json"), containsString("not allowed"));
  }

  @Test
  void aRemoteRefIsRefusedWithoutAnyRequest(@TempDir Path dir) throws Exception {
    assertThat(refusal(dir, "http://127.0.0.1:9/money.json"), containsString("remote"));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) throws Exception {
    assertThat(refusal(dir, "common/nope.json"), containsString("nope.json"));
  }
}
