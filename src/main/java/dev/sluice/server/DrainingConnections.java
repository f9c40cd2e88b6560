package dev.sluice.server;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Ends kept-alive connections between requests while the gateway drains, so none is left for the
 * listener's close to cut under a request the client has already written.
 *
 * <p>Once shutdown has begun ({@link Readiness#draining()}) every response carries {@code
 * Connection: close}: the client sends its next request on a new connection (accepted while the
 * listener is open, refused once it closes) instead of on one the server is about to close. Helidon
 * 4.5, when it stops, interrupts every HTTP/1 connection waiting for its next request, which closes
 * it even when the client wrote a request an instant before; without this, that was one request
 * written and never answered per kept-alive connection.
 *
 * <p>Any response sent with {@code Connection: close} (this one's, a route's, or the body-size
 * limit's) then closes the connection: Helidon 4.5 neither closes after a routed {@code Connection:
 * close} nor discards the unread body then, and would parse the rest of the body as the next
 * request.
 */
final class DrainingConnections implements Filter {
  private static final String CLOSE = "close";

  private final Readiness readiness;

  DrainingConnections(Readiness readiness) {
    this.readiness = readiness;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    if (readiness.draining()) {
      res.header(HeaderValues.CONNECTION_CLOSE);
    }
    chain.proceed();
    if (res.isSent() && saysClose(res.headers())) {
      throw new CloseConnectionException("response sent with Connection: close");
    }
  }

  /**
   * Whether {@code headers} have the token {@code close} in {@code Connection}: {@link
   * Headers#containsToken}, which splits every value into lists through streams, asked only when
   * the header holds "close" somewhere; a response says {@code Connection: keep-alive} otherwise.
   */
  static boolean saysClose(Headers headers) {
    if (!headers.contains(HeaderNames.CONNECTION)) {
      return false;
    }
    Header connection = headers.get(HeaderNames.CONNECTION);
    if (connection.valueCount() == 1 && !mentionsClose(connection.get())) {
      return false; // no token of it can be "close"
    }
    return headers.containsToken(HeaderValues.CONNECTION_CLOSE);
  }

  private static boolean mentionsClose(String value) {
    for (int i = 0; i + CLOSE.length() <= value.length(); i++) {
      if (value.regionMatches(true, i, CLOSE, 0, CLOSE.length())) {
        return true;
      }
    }
    return false;
  }
}
