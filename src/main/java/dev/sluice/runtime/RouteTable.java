package dev.sluice.runtime;

import dev.sluice.problem.ProblemException;
import dev.sluice.router.MalformedPathException;
import dev.sluice.router.RouteMatch;
import dev.sluice.router.Router;
import dev.sluice.router.TargetForm;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes requests of one runtime: one router lookup per request picks the route whose chain runs,
 * or the {@code server.unmatched-stack} chain that answers 404, 405 (with {@code Allow}) or 400 (a
 * target that is not a path, see {@link TargetForm}, or a malformed one). Immutable; built once per
 * configuration by {@link GatewayRuntime}.
 */
final class RouteTable {
  private static final HeaderName ORIGIN = HeaderNames.ORIGIN;
  private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;

  private final Router<RuntimeRoute> router;

  /** The unmatched chain, composed once, ending in {@link #answerUnmatched}. */
  private final Handler unmatched;

  /**
   * Why no route runs a request: 404; 405 with the methods the path has; or 400 for a target
   * routing does not take, with the reason.
   */
  private record Unmatched(Status status, String allow, String detail) {
    static final Unmatched NOT_FOUND = new Unmatched(Status.NOT_FOUND_404, "", "");

    static Unmatched badTarget(String detail) {
      return new Unmatched(Status.BAD_REQUEST_400, "", detail);
    }
  }

  /**
   * @param unmatchedChain composes the unmatched stack around the handler it is given
   */
  RouteTable(
      Router<RuntimeRoute> router, java.util.function.UnaryOperator<Handler> unmatchedChain) {
    this.router = router;
    this.unmatched = unmatchedChain.apply(RouteTable::answerUnmatched);
  }

  /** Every route in file order. */
  List<RuntimeRoute> routes() {
    return router.entries().stream().map(Router.Entry::value).distinct().toList();
  }

  /**
   * Routes one request: the matched route's chain, or the unmatched chain with 404 or 405 — except
   * a CORS preflight, which goes to the route it asks about (see {@link #preflight}).
   */
  void dispatch(Exchange ex) throws Exception {
    HttpPrologue p = ex.request().prologue();
    // Helidon takes "GET ?a" as GET / and "GET /a#b" as GET /a: refuse both
    if (p.uriPath().rawPath().isEmpty()) {
      unmatched(ex, Unmatched.badTarget(TargetForm.NONE.refusal()));
      return;
    }
    if (p.fragment().hasValue()) {
      unmatched(
          ex,
          Unmatched.badTarget(
              "the request target holds a fragment (#...), which a client never sends"));
      return;
    }
    RouteMatch<RuntimeRoute> m;
    try {
      m = router.match(p.method().text(), ex.request().path().rawPath());
    } catch (MalformedPathException e) {
      TargetForm form = TargetForm.of(e.path());
      unmatched(
          ex,
          Unmatched.badTarget(
              form == TargetForm.ORIGIN
                  ? "the request path is malformed: " + e.problem()
                  : form.refusal()));
      return;
    }
    switch (m) {
      case RouteMatch.Found<RuntimeRoute> f -> run(f, ex);
      case RouteMatch.MethodNotAllowed<RuntimeRoute> n -> {
        if (!preflight(ex)) {
          unmatched(ex, new Unmatched(Status.METHOD_NOT_ALLOWED_405, n.allowHeader(), ""));
        }
      }
      case RouteMatch.NotFound<RuntimeRoute> n -> unmatched(ex, Unmatched.NOT_FOUND);
    }
  }

  private void unmatched(Exchange ex, Unmatched why) throws Exception {
    ex.attribute(Unmatched.class, why);
    unmatched.handle(ex);
  }

  private static void answerUnmatched(Exchange ex) {
    Unmatched why = ex.attribute(Unmatched.class).orElse(Unmatched.NOT_FOUND);
    String method = ex.request().prologue().method().text();
    if (why.status().equals(Status.METHOD_NOT_ALLOWED_405)) {
      throw new ProblemException(
              why.status(), "method " + method + " is not allowed here; allowed: " + why.allow())
          .header("Allow", why.allow());
    }
    if (why.status().equals(Status.BAD_REQUEST_400)) {
      throw new ProblemException(why.status(), why.detail());
    }
    throw new ProblemException(
        why.status(), "no route for " + method + " " + ex.request().path().rawPath());
  }

  private static void run(RouteMatch.Found<RuntimeRoute> f, Exchange ex) throws Exception {
    RuntimeRoute route = f.value();
    ex.matched(
        route.spec().id(),
        route.spec().path().template(),
        f.params().isEmpty() ? Map.of() : f.params().asMap());
    route.chain().handle(ex);
  }

  /**
   * CORS preflights. A preflight ({@code OPTIONS} with {@code Origin} and {@code
   * Access-Control-Request-Method}) to a path that has no OPTIONS route would be a 405 before any
   * route's middleware ran. Instead it goes to the route of the method it asks about, if that route
   * answers preflights (it runs {@code cors}, which answers every preflight itself — 204, or 403
   * when refused — and never passes it on, so the route's handler is not reached). Otherwise (no
   * such route, or no cors on it) the request stays a 405. A path with an OPTIONS route of its own
   * keeps receiving preflights there.
   *
   * @return whether the preflight was handed to a route
   */
  private boolean preflight(Exchange ex) throws Exception {
    ServerRequest req = ex.request();
    if (!Method.OPTIONS.equals(req.prologue().method()) || !req.headers().contains(ORIGIN)) {
      return false;
    }
    Optional<String> requested = req.headers().first(REQUEST_METHOD);
    if (requested.isEmpty()
        || !(router.match(requested.get().trim(), req.path().rawPath())
            instanceof RouteMatch.Found<RuntimeRoute> f)
        || !f.value().answersPreflight()) {
      return false;
    }
    run(f, ex);
    return true;
  }
}
