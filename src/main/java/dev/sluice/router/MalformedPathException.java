package dev.sluice.router;

/**
 * Thrown by {@link Router#match(String, String)} when a request path cannot be interpreted: it does
 * not start with {@code /}, it holds a percent-escape that is not {@code %} followed by two hex
 * digits, or its escapes do not decode to valid UTF-8. A gateway answers such a request with 400.
 */
public final class MalformedPathException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  MalformedPathException(String path, String problem) {
    super("malformed request path \"" + path + "\": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** What is wrong with the path, without the path: "invalid percent-escape ..." */
  public String problem() {
    return problem;
  }

  /** The raw request path that was rejected. */
  public String path() {
    return path;
  }
}
