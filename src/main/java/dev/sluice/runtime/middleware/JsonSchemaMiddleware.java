package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.ProblemException.Violation;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.BodySchema;
import dev.sluice.spec.JsonSchemaArgs;
import io.helidon.http.Status;
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
 * <p>The schema file is read and compiled once, when the configuration is bound (a reload reads it
 * again); routes naming the same file share one compiled schema.
 */
final class JsonSchemaMiddleware implements Middleware {
  private final BodySchema schema;

  private JsonSchemaMiddleware(BodySchema schema) {
    this.schema = schema;
  }

  /** With the schema compiled when the configuration was bound. */
  static JsonSchemaMiddleware create(JsonSchemaArgs args) {
    return new JsonSchemaMiddleware(args.schema());
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      JsonNode body = ex.jsonBody();
      if (body.isMissingNode()) {
        throw new ProblemException(Status.BAD_REQUEST_400, "a JSON body is required");
      }
      List<BodySchema.Violation> errors = schema.violations(body);
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
