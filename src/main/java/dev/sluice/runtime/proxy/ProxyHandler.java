package dev.sluice.runtime.proxy;

import dev.sluice.log.Log;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.ClientAddresses;
import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.UpstreamCall;
import dev.sluice.spec.ProxySpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.UpstreamSpec;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code proxy:} forwards the request to a target of its upstream and streams the answer back, both
 * bodies passing through in pieces, never held whole. See docs/proxy.md for what it does with
 * paths, headers, failures and retries.
 */
public final class ProxyHandler implements Handler {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
  private static final HeaderName UPGRADE = HeaderNames.UPGRADE;

  /** Bodies up to this size, with a Content-Length, are sent with the head in one write. */
  private static final int SMALL_BODY = 64 * 1024;

  /** The piece of a larger body read from the upstream and written to the client at a time. */
  private static final int PIPE_BUFFER = 16 * 1024;

  private static final Logger LOG = Logger.getLogger("sluice.proxy");

  private final UpstreamClient client;
  private final UpstreamSpec upstream;
  private final UpstreamPath path;
  private final ForwardedHeaders headers;
  private final long timeoutNanos;
  private final DeadlineTimer timer;
  private final ProxyTelemetry telemetry;

  private ProxyHandler(
      UpstreamClient client,
      UpstreamPath path,
      ForwardedHeaders headers,
      long timeoutNanos,
      DeadlineTimer timer) {
    this.client = client;
    this.upstream = client.spec;
    this.path = path;
    this.headers = headers;
    this.timeoutNanos = timeoutNanos;
    this.timer = timer;
    this.telemetry = ProxyTelemetry.INSTANCE;
  }

  /**
   * The handler of {@code route}'s {@code proxy} block, on {@code client} (its upstream's, shared),
   * trusting {@code X-Forwarded-*} from {@code trusted}.
   */
  public static ProxyHandler create(
      RouteSpec route,
      ProxySpec spec,
      UpstreamClient client,
      ClientAddresses trusted,
      DeadlineTimer timer) {
    return new ProxyHandler(
        client,
        new UpstreamPath(route.path(), spec.rewrite()),
        new ForwardedHeaders(
            trusted, spec.setHeaders(), Set.copyOf(spec.removeHeaders()), spec.preserveHost()),
        spec.effectiveTimeout().toNanos(),
        timer);
  }

  @Override
  public void handle(Exchange ex) throws Exception {
    ServerRequest req = ex.request();
    if (req.headers().contains(HeaderNames.CONTENT_LENGTH)
        && req.headers().contains(HeaderNames.TRANSFER_ENCODING)) {
      throw new ProblemException(
              Status.BAD_REQUEST_400,
              "the request has both Content-Length and Transfer-Encoding, which a proxy refuses")
          .header("Connection", "close");
    }
    // a server may ignore an upgrade it does not take (h2c): the header is hop-by-hop and stays
    // here; a WebSocket handshake would be answered as plain HTTP, so it is refused instead
    if (req.headers().contains(UPGRADE)
        && req.headers().get(UPGRADE).get().toLowerCase(Locale.ROOT).contains("websocket")) {
      throw new ProblemException(
          Status.NOT_IMPLEMENTED_501,
          "WebSocket (Upgrade: websocket) is not proxied; only HTTP/1.1 requests and responses are");
    }
    String method = req.prologue().method().text();
    String target = path.of(req.path().rawPath());
    String query = req.query().rawValue();
    if (!query.isEmpty()) {
      target = target + "?" + query;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    long middlewareDeadline = Deadline.of(ex).map(Deadline::atNanos).orElse(deadline);
    if (middlewareDeadline - deadline < 0) {
      deadline = middlewareDeadline;
    }
    boolean idempotent = IDEMPOTENT.contains(method);
    int attempts = idempotent ? upstream.retries().attempts() : 1;
    Body body = new Body(req);
    Target tried = null;
    Outcome.Failed last = null;
    for (int attempt = 1; ; attempt++) {
      Target t = client.pick(tried);
      if (t == null && last != null) {
        throw last.problem(); // the failure just seen ejected the last target left
      }
      if (t == null) {
        throw new ProblemException(
                Status.SERVICE_UNAVAILABLE_503,
                "no target of upstream " + name() + " is available (all unhealthy or ejected)")
            .header("Retry-After", String.valueOf(client.retryAfterSeconds()));
      }
      tried = t;
      Outcome outcome = tryOnce(ex, t, method, target, body, deadline);
      if (outcome instanceof Outcome.Answered) {
        return;
      }
      Outcome.Failed f = (Outcome.Failed) outcome;
      last = f;
      boolean again =
          attempt < attempts
              && f.retryable(upstream.retries())
              && !body.touched()
              && System.nanoTime() - deadline < 0;
      if (!again) {
        throw f.problem();
      }
      client.retries.increment();
    }
  }

  private String name() {
    return upstream.name();
  }

  /** One try on {@code t}: the response streamed to the client, or why not. */
  private Outcome tryOnce(
      Exchange ex, Target t, String method, String target, Body body, long deadline)
      throws InterruptedException {
    long start = System.nanoTime();
    if (!t.permits.tryAcquire(
        Math.min(upstream.connectTimeout().toNanos(), Math.max(0, deadline - start)),
        TimeUnit.NANOSECONDS)) {
      return new Outcome.Failed(
          Outcome.Kind.BUSY,
          new ProblemException(
              Status.SERVICE_UNAVAILABLE_503,
              "upstream " + name() + " target " + t.address + " has all its connections busy"),
          0);
    }
    t.active.incrementAndGet();
    ProxyTelemetry.Call call = telemetry.start(method, t, target);
    try {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(t.uri + target))
              .timeout(UpstreamClient.remaining(deadline))
              .method(method, body.publisher());
      headers.apply(ex, b, call.propagated());
      call.inject(b);
      HttpResponse<InputStream> res;
      try {
        res = client.http().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        if (body.clientFailed()) {
          throw new UncheckedIOException("reading the request body failed", e);
        }
        Outcome.Failed f = Outcome.failed(e, name(), t.address);
        if (f.kind() == Outcome.Kind.TLS) {
          // the client's problem says the handshake failed; the operator needs the JDK's why
          Log.warn(
              LOG,
              "TLS handshake with upstream failed",
              "upstream",
              name(),
              "target",
              t.address,
              "reason",
              tlsReason(e));
        }
        client.timed(t, method, 0, System.nanoTime() - start);
        t.failed(upstream.outlier(), System.nanoTime());
        call.end(0, f.kind().name().toLowerCase(Locale.ROOT));
        return f;
      }
      int status = res.statusCode();
      ex.attribute(UpstreamCall.class, new UpstreamCall(t.address, System.nanoTime() - start));
      client.timed(t, method, status, System.nanoTime() - start);
      if (status >= 502 && status <= 504) {
        t.failed(upstream.outlier(), System.nanoTime());
      } else {
        t.succeeded();
      }
      if (upstream.retries().statuses().contains(status)
          && IDEMPOTENT.contains(method)
          && !body.touched()) {
        close(res.body());
        call.end(status, null);
        return new Outcome.Failed(
            Outcome.Kind.STATUS,
            new ProblemException(
                Status.create(status), "upstream " + name() + " answered " + status),
            status);
      }
      Outcome streamed;
      try {
        streamed = stream(ex, t, res, method, deadline);
      } catch (CloseConnectionException e) {
        call.end(status, ex.attribute(UpstreamCall.class).orElseThrow().aborted());
        throw e;
      }
      if (streamed instanceof Outcome.Failed f) {
        t.failed(upstream.outlier(), System.nanoTime());
        call.end(status, f.kind().name().toLowerCase(Locale.ROOT));
      } else {
        call.end(status, null);
      }
      return streamed;
    } finally {
      t.active.decrementAndGet();
      t.permits.release();
    }
  }

  /**
   * The upstream's status, headers and body to the client, the body aborted at the deadline. A
   * small body with a length is read whole before the head goes out, so its failure is still a
   * problem ({@link Outcome.Failed}); once the head went out a failure cuts the connection.
   */
  private Outcome stream(
      Exchange ex, Target t, HttpResponse<InputStream> res, String method, long deadline) {
    ServerResponse out = ex.response();
    HttpHeaders h = res.headers();
    int status = res.statusCode();
    boolean noBody = method.equals("HEAD") || status == 204 || status == 304 || status < 200;
    Deadline d =
        new Deadline(
            System.nanoTime(),
            java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    InputStream in = res.body();
    Deadline.Registration abort = d.register(() -> close(in));
    Future<?> timerTask = timer.schedule(d);
    try (in) {
      if (noBody) {
        head(out, res);
        out.send();
        return Outcome.ANSWERED;
      }
      long length = h.firstValueAsLong("content-length").orElse(-1);
      if (length >= 0 && length <= SMALL_BODY) {
        // one write for head and body: separate small writes meet Nagle and delayed ACKs
        byte[] body;
        try {
          body = in.readNBytes((int) length);
          // and its end: closed before the client has seen the end, the stream cancels the
          // exchange and the connection is closed instead of kept for the next call
          in.read();
        } catch (IOException e) {
          body = null;
        }
        if (body == null || body.length < length) {
          return Outcome.cutBeforeHead(d.passed(), name(), t.address);
        }
        head(out, res);
        out.send(body);
        return Outcome.ANSWERED;
      }
      head(out, res);
      pipe(ex, t, in, out.outputStream(), d);
      return Outcome.ANSWERED;
    } catch (IOException e) {
      return Outcome.ANSWERED; // closing the upstream's stream failed: the client has it all
    } finally {
      timerTask.cancel(false);
      try {
        abort.close();
      } catch (Exception ignored) {
        // removing a hook does not fail
      }
    }
  }

  /** The upstream's status and headers, less the hop-by-hop ones, on {@code out}. */
  private static void head(ServerResponse out, HttpResponse<InputStream> res) {
    out.status(Status.create(res.statusCode()));
    HttpHeaders h = res.headers();
    List<String> connection = h.allValues("connection");
    Set<String> named = connection.isEmpty() ? Set.of() : new HashSet<>();
    for (String v : connection) {
      for (String n : v.split(",", -1)) {
        named.add(n.trim().toLowerCase(Locale.ROOT));
      }
    }
    for (Map.Entry<String, List<String>> e : h.map().entrySet()) {
      String name = e.getKey().toLowerCase(Locale.ROOT);
      if (HopByHop.is(name, HopByHop.ALWAYS)
          || named.contains(name)
          || name.equals("x-request-id")
          || name.equals(":status")) {
        continue;
      }
      out.header(HeaderNames.create(e.getKey()), e.getValue().toArray(new String[0]));
    }
  }

  /**
   * The body from {@code in} to the client's {@code os}. The head went out: a failure on either
   * side can no longer be a problem, so it closes the client's connection (a short body, never a
   * complete-looking one) and the access log and {@code sluice_upstream_aborted_total} say why.
   */
  private void pipe(Exchange ex, Target t, InputStream in, OutputStream os, Deadline d) {
    byte[] buf = new byte[PIPE_BUFFER];
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (IOException e) {
        throw cut(ex, t, d.passed() ? "upstream-timeout" : "upstream-closed", e);
      }
      try {
        if (n < 0) {
          os.close();
          return;
        }
        os.write(buf, 0, n);
      } catch (IOException | UncheckedIOException e) {
        throw cut(ex, t, "client-closed", e);
      }
    }
  }

  private CloseConnectionException cut(Exchange ex, Target t, String reason, Exception e) {
    ex.attribute(
        UpstreamCall.class, ex.attribute(UpstreamCall.class).orElseThrow().aborted(reason));
    client.countAborted(reason);
    Log.warn(
        LOG,
        "proxied response cut after its head went out",
        "upstream",
        name(),
        "target",
        t.address,
        "reason",
        reason,
        "bytes",
        ex.response().bytesWritten());
    return new CloseConnectionException("proxied response cut: " + reason, e);
  }

  /** The innermost message of a TLS failure: "PKIX path building failed…", "No subject…". */
  private static String tlsReason(Throwable e) {
    String reason = String.valueOf(e.getMessage());
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null) {
        reason = c.getMessage();
      }
    }
    return reason;
  }

  private static void close(InputStream in) {
    try {
      in.close();
    } catch (IOException ignored) {
      // closing to abort
    }
  }
}
