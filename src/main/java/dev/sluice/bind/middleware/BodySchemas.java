package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.schema.SchemaValidator;
import dev.sluice.spec.BodySchema;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request-body schemas of one load, by file: each read and compiled once (or found unreadable
 * once), however many middleware name it.
 */
final class BodySchemas {
  private final Map<Path, Compiled> compiled = new HashMap<>();

  /**
   * A schema file, compiled; or why it could not be.
   *
   * @param why empty when {@code schema} is present
   */
  record Compiled(Optional<BodySchema> schema, String why) {}

  /** The schema in {@code file} (absolute and normalized). */
  Compiled load(Path file) {
    return compiled.computeIfAbsent(file, BodySchemas::compile);
  }

  private static Compiled compile(Path file) {
    try {
      return new Compiled(Optional.of(new Validating(SchemaValidator.fromFile(file))), "");
    } catch (UnreadableFileException | IllegalArgumentException e) {
      return new Compiled(Optional.empty(), e.getMessage());
    }
  }

  /** A compiled schema checking request bodies; the validator is immutable and thread-safe. */
  private record Validating(SchemaValidator validator) implements BodySchema {
    @Override
    public List<Violation> violations(JsonNode body) {
      List<ConfigError> errors =
          validator.validate(body, "request body", pointer -> Location.START);
      return errors.stream().map(e -> new Violation(e.pointer(), e.message())).toList();
    }
  }
}
