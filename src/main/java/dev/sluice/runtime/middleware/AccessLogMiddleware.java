package dev.sluice.runtime.middleware;

import dev.sluice.log.Log;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.http.UpstreamCall;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code access-log}: one line per request on the {@code sluice.access} logger, written after the
 * response: method, path, route (the id of the route that ran; absent when none did: 404, 405,
 * 400), status, duration_ms, bytes, client_ip (and request_id, as every line written while serving
 * a request); for a proxied request also upstream (the target's host:port) and upstream_ms (its
 * time to the response head), and aborted when its response was cut after the head went out
 * (upstream-timeout, upstream-closed or client-closed: the status is the one already sent).
 */
final class AccessLogMiddleware implements Middleware {
  private static final Logger LOG = Logger.getLogger("sluice.access");

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      try {
        next.handle(ex);
      } finally {
        if (LOG.isLoggable(Level.INFO)) {
          log(ex);
        }
      }
    };
  }

  /** The request's line. */
  private static void log(Exchange ex) {
    Object[] fields = {
      "method",
      ex.request().prologue().method().text(),
      "path",
      ex.request().path().rawPath(),
      "route",
      ex.routeId(),
      "status",
      ex.response().status().code(),
      "duration_ms",
      (System.nanoTime() - ex.startNanos()) / 1_000_000.0,
      "bytes",
      ex.response().bytesWritten(),
      "client_ip",
      ex.clientAddress()
    };
    Object[] line = ex.routeId().isEmpty() ? withoutRoute(fields) : fields;
    var upstream = ex.attribute(UpstreamCall.class);
    if (upstream.isPresent()) {
      line = java.util.Arrays.copyOf(line, line.length + 4);
      line[line.length - 4] = "upstream";
      line[line.length - 3] = upstream.get().address();
      line[line.length - 2] = "upstream_ms";
      line[line.length - 1] = upstream.get().latencyNanos() / 1_000_000.0;
      if (!upstream.get().aborted().isEmpty()) {
        line = java.util.Arrays.copyOf(line, line.length + 2);
        line[line.length - 2] = "aborted";
        line[line.length - 1] = upstream.get().aborted();
      }
    }
    Log.info(LOG, "request", line);
  }

  /** The fields without the {@code route} pair (the third), for a request no route ran. */
  private static Object[] withoutRoute(Object[] fields) {
    Object[] out = new Object[fields.length - 2];
    System.arraycopy(fields, 0, out, 0, 4);
    System.arraycopy(fields, 6, out, 4, fields.length - 6);
    return out;
  }
}
