package dev.sluice.router;

/**
 * The forms of an HTTP/1.1 request target (RFC 9112 §3.2). Routing takes origin-form only ({@code
 * /path?query}); every other form is a request the gateway refuses with 400, saying which form it
 * saw, rather than one that falls through to a 404 or a 500.
 */
public enum TargetForm {
  /** {@code /users/1}: a path, what routing takes. */
  ORIGIN(""),
  /** {@code http://host/path}: what a client sends to a forward proxy. */
  ABSOLUTE(
      "the request target is in absolute-form (scheme://host/path), which is for forward proxies;"
          + " send the path (and query) alone, with the host in the Host header"),
  /** {@code host:443}: the target of CONNECT, which asks for a tunnel. */
  AUTHORITY(
      "the request target is in authority-form (host:port), which asks a forward proxy for a"
          + " tunnel (CONNECT); this gateway routes paths and opens no tunnels"),
  /** {@code *}: {@code OPTIONS *}, a question about the server as a whole. */
  ASTERISK(
      "the request target is in asterisk-form (*), which asks about the server as a whole; ask"
          + " about a path instead, e.g. OPTIONS /users"),
  /** Anything else: no leading {@code /}, or nothing before the query. */
  NONE("the request target is not a path: it must start with \"/\" (origin-form)");

  private final String refusal;

  TargetForm(String refusal) {
    this.refusal = refusal;
  }

  /**
   * The form of {@code rawPath}, the request target up to its query: {@link #ORIGIN} when it starts
   * with {@code /}.
   */
  public static TargetForm of(String rawPath) {
    if (!rawPath.isEmpty() && rawPath.charAt(0) == '/') {
      return ORIGIN;
    }
    if (rawPath.equals("*")) {
      return ASTERISK;
    }
    int colon = rawPath.indexOf(':');
    if (rawPath.startsWith("[")
        || (colon > 0 && colon == rawPath.lastIndexOf(':') && isPort(rawPath, colon + 1))) {
      return AUTHORITY; // host:port, [v6]:port
    }
    return colon > 0 && isScheme(rawPath, colon) ? ABSOLUTE : NONE;
  }

  /** Why a request with a target of this form is not routed; empty for {@link #ORIGIN}. */
  public String refusal() {
    return refusal;
  }

  private static boolean isPort(String s, int from) {
    if (from == s.length()) {
      return false;
    }
    for (int i = from; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986: {@code ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )}. */
  private static boolean isScheme(String s, int end) {
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!alpha && (i == 0 || !((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))) {
        return false;
      }
    }
    return true;
  }
}
