package dev.sluice.server;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.http.ClientAddresses;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Guard;
import dev.sluice.runtime.http.RequestIds;
import dev.sluice.server.metrics.GatewayMetrics;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one Helidon route behind which Sluice routes: settles the request id and client address,
 * binds the exchange to the thread for logging, and hands it to the current runtime. The runtime is
 * read once per request, so a reload that swaps it never splits a request across two runtimes, and
 * the request is counted on it until it ends, so a replaced runtime closes only after its last
 * request.
 *
 * <p>What depends on the runtime — the client-address resolver built from its {@code
 * server.trusted-proxies}, and the guarded dispatch — is built once per runtime and cached: a
 * request compares one reference, and the first request after a reload rebuilds it.
 */
final class GatewayHandler implements Handler {
  private static final HeaderName REQUEST_ID = HeaderNames.create(RequestIds.HEADER);

  private final AtomicReference<GatewayRuntime> runtime;
  private final GatewayMetrics metrics;
  private volatile PerRuntime current;

  /**
   * @throws IllegalArgumentException when the runtime's trusted proxies are not CIDRs (the config
   *     loader reports that first)
   */
  GatewayHandler(AtomicReference<GatewayRuntime> runtime, GatewayMetrics metrics) {
    this.runtime = runtime;
    this.metrics = metrics;
    this.current = PerRuntime.of(runtime.get(), metrics);
  }

  @Override
  public void handle(ServerRequest req, ServerResponse res) throws Exception {
    long start = System.nanoTime();
    GatewayRuntime now = runtime.get();
    while (!now.enter()) { // retired by a reload since it was read: the next one is current
      now = runtime.get();
    }
    try {
      PerRuntime t = perRuntime(now);
      String incoming = req.headers().first(REQUEST_ID).orElse("");
      String id = RequestIds.settle(incoming);
      Exchange ex = new Exchange(req, res, id, t.addresses().resolve(req), start);
      ex.bind();
      try {
        t.dispatch().handle(ex);
      } finally {
        ex.unbind();
      }
    } finally {
      now.exit();
    }
  }

  private PerRuntime perRuntime(GatewayRuntime now) {
    PerRuntime c = current;
    if (c.runtime() != now) {
      c = PerRuntime.of(now, metrics); // two requests racing after a reload build it twice
      current = c;
    }
    return c;
  }

  /** What the handler derives from one runtime. */
  private record PerRuntime(
      GatewayRuntime runtime, ClientAddresses addresses, dev.sluice.runtime.http.Handler dispatch) {
    static PerRuntime of(GatewayRuntime runtime, GatewayMetrics metrics) {
      return new PerRuntime(
          runtime,
          ClientAddresses.of(runtime.snapshot().gateway().server().trustedProxies()),
          // outermost the request timer, then the server span, so the span is current for the
          // whole chain and the timer includes the span's own cost
          metrics.around(runtime.tracing().around(Guard.around(runtime::dispatch))));
    }
  }
}
