package dev.sluice.server;

import dev.sluice.http.Exchange;
import dev.sluice.http.RequestIds;
import dev.sluice.middleware.Guard;
import dev.sluice.routing.RouteTable;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one Helidon route behind which Sluice routes: settles the request id and client address,
 * binds the exchange to the thread for logging, and hands it to the current route table. The table
 * is read once per request, so a reload that swaps it never splits a request across two tables.
 */
final class GatewayHandler implements Handler {
  private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

  private final AtomicReference<RouteTable> table;
  private final dev.sluice.http.Handler guardedDispatch;

  GatewayHandler(AtomicReference<RouteTable> table) {
    this.table = table;
    this.guardedDispatch = Guard.around(ex -> this.table.get().dispatch(ex));
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    long start = System.nanoTime();
    String incoming = req.headers().first(REQUEST_ID).orElse("");
    String id = RequestIds.wellFormed(incoming) ? incoming : RequestIds.generate();
    Exchange ex = new Exchange(req, res, id, clientAddress(req), start);
    ex.bind();
    try {
      guardedDispatch.handle(ex);
    } finally {
      ex.unbind();
    }
  }

  static String clientAddress(ServerRequest req) {
    SocketAddress a = req.remotePeer().address();
    if (a instanceof InetSocketAddress inet && inet.getAddress() != null) {
      return inet.getAddress().getHostAddress();
    }
    return String.valueOf(a);
  }
}
