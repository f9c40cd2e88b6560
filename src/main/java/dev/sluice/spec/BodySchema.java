package dev.sluice.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A JSON Schema for request bodies, read and compiled when the file naming it was bound. Immutable
 * and safe to share between threads: every route naming one file within one load shares one.
 */
public interface BodySchema {
  /** Every way {@code body} breaks the schema, in document order; empty when it is valid. */
  List<Violation> violations(JsonNode body);

  /** One violation: where in the body (a JSON pointer) and what is wrong there. */
  record Violation(String pointer, String message) {}
}
