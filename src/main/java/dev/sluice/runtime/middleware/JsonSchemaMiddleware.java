package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.schema.SchemaValidator;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import io.helidon.http.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code json-schema}: the request body must be JSON valid against a JSON Schema (draft 2020-12).
 * Otherwise the answer is 400: malformed JSON names the line and column, a missing body says a JSON
 * body is required, and a body that breaks the schema lists every violation as {@code errors:
 * [{"pointer": "/email", "message": "..."}]}.
 *
 * <pre>
 * stacks:
 *   users-in:
 *     - body-size: {max: 64KiB}
 *     - content-type: {allow: [application/json]}
 *     - json-schema: {schema: ../schemas/user-create.json}   # relative to gateway.yaml's folder
 * </pre>
 *
 * <p>The schema file is read and compiled once, when the runtime is built (a reload reads it
 * again); routes naming the same file share one compiled schema.
 */
final class JsonSchemaMiddleware implements Middleware {
  private static final Location NOWHERE = new Location(1, 1);

  private final SchemaValidator validator;

  private JsonSchemaMiddleware(SchemaValidator validator) {
    this.validator = validator;
  }

  /** Builds it from {@code {schema: <file>}}, reading the file (relative to gateway.yaml's dir). */
  static JsonSchemaMiddleware create(JsonNode args, MiddlewareContext context) {
    String written = args.path("schema").asText();
    Path file = context.configDir().resolve(written).normalize();
    return new JsonSchemaMiddleware(context.resources().bodySchema(file, f -> load(f, written)));
  }

  private static SchemaValidator load(Path file, String written) {
    try {
      return SchemaValidator.fromFile(file);
    } catch (UnreadableFileException | IllegalArgumentException e) {
      throw new IllegalArgumentException("schema \"" + written + "\": " + e.getMessage(), e);
    }
  }

  SchemaValidator validator() {
    return validator;
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      JsonNode body = ex.jsonBody();
      if (body.isMissingNode()) {
        throw new ProblemException(Status.BAD_REQUEST_400, "a JSON body is required");
      }
      List<ConfigError> errors = validator.validate(body, "request body", pointer -> NOWHERE);
      if (!errors.isEmpty()) {
        throw new ProblemException(
            Status.BAD_REQUEST_400,
            "the request body does not match the schema ("
                + errors.size()
                + (errors.size() == 1 ? " problem)" : " problems)"),
            errors.stream().map(e -> Violation.pointer(e.pointer(), e.message())).toList());
      }
      next.handle(ex);
    };
  }
}
