package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.runtime.http.BodyLimit;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.units.Durations;
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

  /** Builds it from {@code {max: <size>}}; the schema has checked the form of the size. */
  static BodySizeMiddleware create(JsonNode args, MiddlewareContext context) {
    JsonNode max = args.path("max");
    long bytes = max.isIntegralNumber() ? max.asLong() : Durations.size(max.asText());
    BodyLimit limit = new BodyLimit(bytes);
    long server = context.snapshot().gateway().server().limits().maxPayloadSize();
    if (server > 0 && bytes > server) {
      throw new IllegalArgumentException(
          "max "
              + limit.text()
              + " is above server.limits.max-payload-size ("
              + new BodyLimit(server).text()
              + "), which refuses such bodies first; lower max or raise the server's limit");
    }
    return new BodySizeMiddleware(limit);
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
