package dev.sluice.runtime.staticresponse;

import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.StaticSpec;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code static:} a fixed status, headers and body, prepared once when the route is built. With
 * {@code delay:} it waits before answering (for tests and drills), at most until the request's
 * deadline ({@code timeout} middleware).
 */
public final class StaticHandler implements Handler {
  private final Status status;
  private final List<Header> headers;
  private final byte[] body;
  private final long delayMillis;

  private StaticHandler(Status status, List<Header> headers, byte[] body, long delayMillis) {
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.delayMillis = delayMillis;
  }

  /** The handler for a route's {@code static:} block. */
  public static StaticHandler create(StaticSpec spec) {
    byte[] body = spec.body().getBytes(StandardCharsets.UTF_8);
    List<Header> headers = new java.util.ArrayList<>();
    spec.headers()
        .forEach((k, v) -> headers.add(HeaderValues.createCached(HeaderNames.create(k), v)));
    boolean hasType =
        spec.headers().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Content-Type"));
    if (body.length > 0 && !hasType) {
      headers.add(HeaderValues.createCached(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8"));
    }
    return new StaticHandler(
        Status.create(spec.status()), List.copyOf(headers), body, spec.delay().toMillis());
  }

  @Override
  public void handle(Exchange ex) throws InterruptedException {
    if (delayMillis > 0) {
      Deadline.sleep(ex, delayMillis); // ends at the request's deadline, if earlier: 504
    }
    var res = ex.response();
    res.status(status);
    for (Header h : headers) {
      res.header(h);
    }
    ex.send(body);
  }
}
