package dev.sluice.bind.middleware;

import dev.sluice.spec.JsonSchemaArgs;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code - json-schema: {schema: ../schemas/user-create.json}}: a JSON Schema (draft 2020-12) file,
 * relative to the file the middleware is written in, read and compiled now.
 */
final class JsonSchemaArgsParser {
  private JsonSchemaArgsParser() {}

  static Optional<JsonSchemaArgs> parse(Args a) {
    if (!a.get("schema").isTextual() || a.get("schema").asText().isEmpty()) {
      a.error("json-schema needs a schema file: - json-schema: {schema: schemas/body.json}");
      return Optional.empty();
    }
    String written = a.get("schema").asText();
    Path file = a.dir().resolve(written).normalize();
    BodySchemas.Compiled compiled = a.context().schemas().load(file);
    if (compiled.schema().isEmpty()) {
      a.error("schema \"" + written + "\": " + compiled.why(), "schema");
      return Optional.empty();
    }
    return Optional.of(new JsonSchemaArgs(file, compiled.schema().get()));
  }
}
