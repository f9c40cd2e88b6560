package dev.sluice.runtime.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;

/**
 * The client's request body as the upstream request's, streamed: {@code Content-Length} kept,
 * chunked passed as chunked, nothing read until the upstream connection is open. Remembers whether
 * a byte was taken (then the request can no longer be retried) and whether reading the client
 * failed (the client's fault, not the upstream's).
 */
final class Body {
  private final ServerRequest req;
  private final long length;
  private volatile boolean touched;
  private volatile boolean clientFailed;

  Body(ServerRequest req) {
    this.req = req;
    if (req.headers().contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)) {
      length = -1;
    } else {
      length = req.headers().contentLength().orElse(0);
    }
  }

  HttpRequest.BodyPublisher publisher() {
    if (length == 0) {
      return HttpRequest.BodyPublishers.noBody();
    }
    BodyStream stream =
        new BodyStream(
            () -> {
              touched = true;
              return new Watched(req.content().inputStream());
            });
    return length > 0
        ? HttpRequest.BodyPublishers.fromPublisher(stream, length)
        : HttpRequest.BodyPublishers.fromPublisher(stream);
  }

  /** Whether any of the body was read (so it cannot be sent again). */
  boolean touched() {
    return touched;
  }

  /** Whether reading the client's body failed. */
  boolean clientFailed() {
    return clientFailed;
  }

  /** Whether the request has a body at all. */
  boolean present() {
    return length != 0 || req.headers().contains(HeaderNames.TRANSFER_ENCODING);
  }

  private final class Watched extends FilterInputStream {
    Watched(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException | RuntimeException e) {
        clientFailed = true;
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        clientFailed = true;
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }
  }
}
