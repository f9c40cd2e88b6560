package dev.sluice.runtime.middleware;

import dev.sluice.log.Log;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import java.util.logging.Logger;

/**
 * {@code access-log}: one line per request on the {@code sluice.access} logger, written after the
 * response: method, path, route (the id of the route that ran; absent when none did: 404, 405,
 * 400), status, duration_ms, bytes, client_ip (and request_id, as every line written while serving
 * a request).
 */
final class AccessLogMiddleware implements Middleware {
  private static final Logger LOG = Logger.getLogger("sluice.access");

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      try {
        next.handle(ex);
      } finally {
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
        Log.info(LOG, "request", ex.routeId().isEmpty() ? withoutRoute(fields) : fields);
      }
    };
  }

  /** The fields without the {@code route} pair (the third), for a request no route ran. */
  private static Object[] withoutRoute(Object[] fields) {
    Object[] out = new Object[fields.length - 2];
    System.arraycopy(fields, 0, out, 0, 4);
    System.arraycopy(fields, 6, out, 4, fields.length - 6);
    return out;
  }
}
