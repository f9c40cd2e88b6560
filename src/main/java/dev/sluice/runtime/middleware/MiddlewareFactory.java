package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.runtime.http.Middleware;

/**
 * Builds a middleware from its arguments, once per route. The schema has checked the arguments'
 * shape; a factory rejects what a schema cannot express by throwing {@link
 * IllegalArgumentException} with a message for the operator.
 */
@FunctionalInterface
public interface MiddlewareFactory {
  Middleware create(JsonNode args, MiddlewareContext context);
}
