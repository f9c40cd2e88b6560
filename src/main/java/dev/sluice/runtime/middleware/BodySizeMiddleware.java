package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.BodyLimit;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.BodySizeArgs;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * {@code body-size}: the largest request body the stack accepts, below the server-wide {@code
 * server.limits.max-payload-size}.
 *
 * <pre>
 * stacks:
 *   api:
 *     - body-size: {max: 1MiB}     # or 512KiB, 64B, a plain number of bytes
 * </pre>
 *
 * <p>A {@code Content-Length} over the limit is refused with 413 before any of the body is read. A
 * chunked body is read here, counted as it arrives and refused with 413 as soon as it passes the
 * limit; the route's handler then gets the buffered body. Every 413 carries {@code Connection:
 * close} and the connection is closed after it, so the rest of the body is never read. Put it
 * before any middleware that reads the body ({@code json-schema}).
 */
final class BodySizeMiddleware implements Middleware {
  private final BodyLimit limit;

  private BodySizeMiddleware(BodyLimit limit) {
    this.limit = limit;
  }

  static BodySizeMiddleware create(BodySizeArgs args) {
    return new BodySizeMiddleware(new BodyLimit(args.maxBytes()));
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      check(ex);
      next.handle(ex);
    };
  }

  private void check(Exchange ex) {
    ServerRequest request = ex.request();
    if (request.headers().contentLength().orElse(0L) > limit.maxBytes()) {
      throw limit.refusal();
    }
    if (request.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
      limit.applyTo(request);
      if (ex.body().length > limit.maxBytes()) {
        // read before this middleware ran (a reader listed earlier in the stack)
        throw limit.refusal();
      }
    }
  }
}
