package dev.sluice.problem;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Thrown anywhere in a chain to answer with an RFC 9457 problem. Carries the status, a detail an
 * operator or client can act on, and optionally a list of violations and response headers.
 *
 * <pre>
 * throw new ProblemException(Status.NOT_FOUND_404, "no user with id 9");
 * </pre>
 */
// Never serialized: it lives from the throw to the response. Its fields are plain values.
@SuppressWarnings("serial")
public class ProblemException extends RuntimeException {
  private final Status status;
  private final List<Violation> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, Object> extensions = new LinkedHashMap<>();

  public ProblemException(Status status, String detail) {
    this(status, detail, List.of());
  }

  public ProblemException(Status status, String detail, List<Violation> errors) {
    super(detail, null, false, false);
    this.status = status;
    this.errors = List.copyOf(errors);
  }

  public Status status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }

  public List<Violation> errors() {
    return errors;
  }

  public Map<String, String> headers() {
    return headers;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }

  /** Adds a response header (e.g. {@code Allow}, {@code Retry-After}). */
  public ProblemException header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Adds an extension member to the problem body (e.g. {@code constraint}). */
  public ProblemException extension(String name, Object value) {
    extensions.put(name, value);
    return this;
  }

  /** One violation of a request body or parameter: {@code {"pointer" | "parameter", "message"}}. */
  public record Violation(String kind, String where, String message) {
    /** A violation inside the JSON body, at a JSON pointer. */
    public static Violation pointer(String pointer, String message) {
      return new Violation("pointer", pointer, message);
    }

    /** A violation of a named request parameter. */
    public static Violation parameter(String name, String message) {
      return new Violation("parameter", name, message);
    }
  }
}
