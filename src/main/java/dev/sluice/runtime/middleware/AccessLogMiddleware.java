package dev.sluice.runtime.middleware;

import dev.sluice.log.Log;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import java.util.logging.Logger;

/**
 * {@code access-log}: one line per request on the {@code sluice.access} logger, written after the
 * response: method, path, route, status, duration_ms, bytes, client_ip (and request_id, as every
 * line written while serving a request).
 */
final class AccessLogMiddleware implements Middleware {
  private static final Logger LOG = Logger.getLogger("sluice.access");

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      try {
        next.handle(ex);
      } finally {
        Log.info(
            LOG,
            "request",
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
            ex.clientAddress());
      }
    };
  }
}
