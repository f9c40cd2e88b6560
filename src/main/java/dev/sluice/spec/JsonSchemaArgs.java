package dev.sluice.spec;

import java.nio.file.Path;

/**
 * {@code - json-schema: {schema: ../schemas/user-create.json}}, with the schema file (relative to
 * the file it is written in) read and compiled when that file was bound.
 *
 * @param file the schema file, absolute
 */
public record JsonSchemaArgs(Path file, BodySchema schema) implements MiddlewareArgs {
  public static final String NAME = "json-schema";

  @Override
  public String name() {
    return NAME;
  }
}
