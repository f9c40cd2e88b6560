package dev.sluice.server.metrics;

import io.helidon.http.Method;

/**
 * The bounded values of {@code http_request_method}: the standard methods, and {@code _OTHER} for
 * anything else (OpenTelemetry's rule), so an invented method cannot create a series.
 */
final class HttpMethods {
  static final String OTHER = "_OTHER";

  private static final Method[] STANDARD = {
    Method.GET,
    Method.HEAD,
    Method.POST,
    Method.PUT,
    Method.DELETE,
    Method.PATCH,
    Method.OPTIONS,
    Method.TRACE,
    Method.CONNECT
  };

  /** How many label values there are: the standard methods and {@code _OTHER}. */
  static final int COUNT = STANDARD.length + 1;

  private HttpMethods() {}

  /** The index of {@code m}'s label value, {@code 0 <= index < COUNT}. */
  static int index(Method m) {
    for (int i = 0; i < STANDARD.length; i++) {
      if (STANDARD[i].equals(m)) {
        return i;
      }
    }
    for (int i = 0; i < STANDARD.length; i++) {
      if (STANDARD[i].text().equals(m.text())) {
        return i;
      }
    }
    return STANDARD.length;
  }

  /** The label value at {@code index}. */
  static String label(int index) {
    return index < STANDARD.length ? STANDARD[index].text() : OTHER;
  }
}
