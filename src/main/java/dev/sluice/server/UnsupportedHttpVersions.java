package dev.sluice.server;

import dev.sluice.problem.ProblemException;
import dev.sluice.problem.Problems;
import dev.sluice.runtime.http.RequestIds;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers a connection whose first request is HTTP/1.0 (or any version but 1.1) with a 505 problem
 * and closes it. Helidon 4.5 serves HTTP/1.1 only and, with no connection provider for the version,
 * closes such a connection without a word, so a client like ApacheBench ({@code ab}, which speaks
 * HTTP/1.0) saw only "connection reset".
 */
final class UnsupportedHttpVersions implements ServerConnectionSelector {
  /** A request line: method, target, version; the target may not hold spaces or controls. */
  private static final Pattern REQUEST_LINE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ ([!-~]+) (HTTP/[0-9]\\.[0-9])");

  private static final byte[] HTTP_11 = " HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

  /** Longer first lines are not request lines this selector answers. */
  private static final int MAX_LINE = 8192;

  @Override
  public int bytesToIdentifyConnection() {
    return 0;
  }

  /**
   * {@link Support#SUPPORTED} for a complete request line of another HTTP version; {@link
   * Support#UNKNOWN} only while the bytes so far can still become a request line (printable ASCII,
   * no line end yet, under {@value #MAX_LINE} bytes), so a connection that is not HTTP (a TLS
   * handshake on the plain port, bare line feeds) is given up at once, as Helidon does.
   */
  @Override
  public Support supports(BufferData request) {
    int n = Math.min(request.available(), MAX_LINE);
    for (int i = 0; i < n; i++) {
      int b = request.get(i);
      if (b == '\r') {
        if (i + 1 == n) {
          return n < MAX_LINE ? Support.UNKNOWN : Support.UNSUPPORTED;
        }
        if (request.get(i + 1) != '\n') {
          return Support.UNSUPPORTED;
        }
        return decide(request, i);
      }
      if (b < 0x20 || b > 0x7E) {
        return Support.UNSUPPORTED;
      }
    }
    return n < MAX_LINE ? Support.UNKNOWN : Support.UNSUPPORTED;
  }

  /** The request line is the first {@code end} bytes, all printable ASCII. */
  private static Support decide(BufferData request, int end) {
    if (end >= HTTP_11.length) {
      boolean http11 = true;
      for (int k = 0; k < HTTP_11.length && http11; k++) {
        http11 = request.get(end - HTTP_11.length + k) == HTTP_11[k];
      }
      if (http11) {
        return Support.UNSUPPORTED; // the usual case, Helidon's own: no pattern matching
      }
    }
    return REQUEST_LINE.matcher(request.readString(end, StandardCharsets.US_ASCII)).matches()
        ? Support.SUPPORTED
        : Support.UNSUPPORTED;
  }

  @Override
  public Set<String> supportedApplicationProtocols() {
    return Set.of();
  }

  @Override
  public ServerConnection connection(ConnectionContext ctx) {
    return new Refusal(ctx);
  }

  /** Writes the 505 and ends; the connection is closed after it. */
  private static final class Refusal implements ServerConnection {
    private final ConnectionContext ctx;

    Refusal(ConnectionContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void handle(Limit limit) {
      // the selector chose this connection for a complete, CRLF-terminated request line
      Matcher m = REQUEST_LINE.matcher(ctx.dataReader().readLine());
      String version = m.matches() ? m.group(2) : "this HTTP version";
      String path = m.matches() ? m.group(1) : "/";
      String requestId = RequestIds.generate();
      byte[] body =
          Problems.body(
              new ProblemException(
                  Status.HTTP_VERSION_NOT_SUPPORTED_505,
                  version + " is not supported; send HTTP/1.1"),
              path,
              requestId);
      String response =
          "HTTP/1.1 505 HTTP Version Not Supported\r\n"
              + "Content-Type: "
              + Problems.MEDIA_TYPE
              + "\r\nContent-Length: "
              + body.length
              + "\r\n"
              + RequestIds.HEADER
              + ": "
              + requestId
              + "\r\nConnection: close\r\n\r\n";
      BufferData out = BufferData.growing(response.length() + body.length);
      out.write(response.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      ctx.dataWriter().writeNow(out);
    }

    @Override
    public Duration idleTime() {
      return Duration.ZERO;
    }

    @Override
    public void close(boolean interrupt) {
      // nothing held: the handler closes the socket once handle returns
    }
  }
}
