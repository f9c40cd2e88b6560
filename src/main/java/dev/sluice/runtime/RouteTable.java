package dev.sluice.runtime;

import dev.sluice.problem.ProblemException;
import dev.sluice.router.MalformedPathException;
import dev.sluice.router.RouteMatch;
import dev.sluice.router.Router;
import dev.sluice.router.TargetForm;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.middleware.MiddlewareContext;
import dev.sluice.runtime.middleware.MiddlewareRegistry;
import dev.sluice.runtime.ratelimit.RateLimitCounters;
import dev.sluice.runtime.ratelimit.RateLimiter;
import dev.sluice.runtime.sql.Datasources;
import dev.sluice.runtime.sql.SqlHandler;
import dev.sluice.runtime.staticresponse.StaticHandler;
import dev.sluice.runtime.telemetry.Tracing;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.SqlSpec;
import dev.sluice.spec.StackSpec;
import dev.sluice.spec.StaticSpec;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtime form of one {@link ConfigSnapshot}: a {@link Router} of composed route chains, and
 * the chain that answers requests no route matches. Immutable; built once per snapshot.
 */
public final class RouteTable implements AutoCloseable {
  /** The middleware that answers CORS preflights; see {@link #preflight(Exchange)}. */
  private static final String CORS = "cors";

  private static final HeaderName ORIGIN = HeaderNames.ORIGIN;
  private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;

  private final ConfigSnapshot snapshot;
  private final Router<RuntimeRoute> router;

  /** The {@code server.unmatched-stack} chain, composed once, ending in the answer below. */
  private final Handler unmatched;

  /** Why no route runs a request; the unmatched chain's handler answers by it. */
  private enum Unmatched {
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    BAD_TARGET
  }

  private final Datasources datasources;
  private final MiddlewareContext context;
  private final Tracing tracing;

  private RouteTable(
      ConfigSnapshot snapshot,
      Router<RuntimeRoute> router,
      MiddlewareRegistry registry,
      MiddlewareContext context,
      List<MiddlewareSpec> unmatchedStack,
      Datasources datasources,
      List<ConfigError> errors) {
    this.snapshot = snapshot;
    this.datasources = datasources;
    this.context = context;
    this.tracing = Tracing.of(snapshot.gateway().telemetry().tracing());
    this.router = router;
    // one chain for 404, 405 and 400: one instance of each middleware (one rate-limit bucket set,
    // one error per broken argument), the answer chosen per request
    this.unmatched =
        Chains.compose(registry, context, unmatchedStack, this::answerUnmatched, errors);
  }

  private void answerUnmatched(Exchange ex) {
    switch (ex.attribute(Unmatched.class).orElse(Unmatched.NOT_FOUND)) {
      case NOT_FOUND -> notFound(ex);
      case METHOD_NOT_ALLOWED -> methodNotAllowed(ex);
      case BAD_TARGET -> badTarget(ex);
    }
  }

  private void unmatched(Exchange ex, Unmatched why) throws Exception {
    ex.attribute(Unmatched.class, why);
    unmatched.handle(ex);
  }

  /** Builds the table, or reports every middleware that cannot be built. */
  public static Result build(
      ConfigSnapshot snapshot, MiddlewareRegistry registry, Datasources datasources) {
    List<ConfigError> errors = new ArrayList<>();
    MiddlewareContext context = MiddlewareContext.of(snapshot);
    Router.Builder<RuntimeRoute> b = Router.builder();
    for (RouteSpec r : snapshot.routes()) {
      StackSpec stack = snapshot.gateway().stacks().get(r.stack());
      List<MiddlewareSpec> all = new ArrayList<>(stack.middleware());
      all.addAll(r.middleware());
      Optional<Handler> handler = handler(r, datasources, errors);
      if (handler.isEmpty()) {
        continue;
      }
      Handler chain = Chains.compose(registry, context.forRoute(r), all, handler.get(), errors);
      b.add(
          r.method(),
          r.path(),
          new RuntimeRoute(
              r, all.stream().map(MiddlewareSpec::name).toList(), handler.get(), chain));
    }
    List<MiddlewareSpec> unmatchedStack =
        snapshot
            .gateway()
            .server()
            .unmatchedStack()
            .map(name -> snapshot.gateway().stacks().get(name).middleware())
            .orElse(List.of());
    RouteTable table =
        new RouteTable(snapshot, b.build(), registry, context, unmatchedStack, datasources, errors);
    if (!errors.isEmpty()) {
      context.close();
      return new Result.Invalid(errors);
    }
    return new Result.Built(table);
  }

  private static Optional<Handler> handler(
      RouteSpec r, Datasources datasources, List<ConfigError> errors) {
    return switch (r.handler()) {
      case StaticSpec s -> Optional.of(StaticHandler.create(s));
      case SqlSpec s -> SqlHandler.create(r, s, datasources, errors);
    };
  }

  private static void notFound(Exchange ex) {
    throw new ProblemException(
        Status.NOT_FOUND_404,
        "no route for "
            + ex.request().prologue().method().text()
            + " "
            + ex.request().path().rawPath());
  }

  private void methodNotAllowed(Exchange ex) {
    String method = ex.request().prologue().method().text();
    String allow =
        router.match(method, ex.request().path().rawPath())
                instanceof RouteMatch.MethodNotAllowed<RuntimeRoute> n
            ? n.allowHeader()
            : "";
    throw new ProblemException(
            Status.METHOD_NOT_ALLOWED_405,
            "method " + method + " is not allowed here; allowed: " + allow)
        .header("Allow", allow);
  }

  private static void badTarget(Exchange ex) {
    throw new ProblemException(
        Status.BAD_REQUEST_400,
        ex.attribute(BadTarget.class)
            .map(BadTarget::detail)
            .orElse("the request target is malformed"));
  }

  /** Why routing does not take a request's target; the 400's detail. */
  private record BadTarget(String detail) {}

  private void refuseTarget(Exchange ex, String detail) throws Exception {
    ex.attribute(BadTarget.class, new BadTarget(detail));
    unmatched(ex, Unmatched.BAD_TARGET);
  }

  /**
   * Routes one request: the matched route's chain, or the unmatched chain with 404, 405, or 400 for
   * a target that is not a path ({@link TargetForm}) — except a CORS preflight, which goes to the
   * route it asks about (see {@link #preflight(Exchange)}).
   */
  public void dispatch(Exchange ex) throws Exception {
    HttpPrologue p = ex.request().prologue();
    // Helidon takes "GET ?a" as GET / and "GET /a#b" as GET /a: refuse both
    if (p.uriPath().rawPath().isEmpty()) {
      refuseTarget(ex, TargetForm.NONE.refusal());
      return;
    }
    if (p.fragment().hasValue()) {
      refuseTarget(ex, "the request target holds a fragment (#...), which a client never sends");
      return;
    }
    RouteMatch<RuntimeRoute> m;
    try {
      m = router.match(p.method().text(), ex.request().path().rawPath());
    } catch (MalformedPathException e) {
      TargetForm form = TargetForm.of(e.path());
      refuseTarget(
          ex,
          form == TargetForm.ORIGIN
              ? "the request path is malformed: " + e.problem()
              : form.refusal());
      return;
    }
    switch (m) {
      case RouteMatch.Found<RuntimeRoute> f -> run(f, ex);
      case RouteMatch.MethodNotAllowed<RuntimeRoute> n -> {
        if (!preflight(ex)) {
          unmatched(ex, Unmatched.METHOD_NOT_ALLOWED);
        }
      }
      case RouteMatch.NotFound<RuntimeRoute> n -> unmatched(ex, Unmatched.NOT_FOUND);
    }
  }

  private static void run(RouteMatch.Found<RuntimeRoute> f, Exchange ex) throws Exception {
    RouteSpec spec = f.value().spec();
    ex.matched(
        spec.id(), spec.path().template(), f.params().isEmpty() ? Map.of() : f.params().asMap());
    f.value().chain().handle(ex);
  }

  /**
   * CORS preflights. A preflight ({@code OPTIONS} with {@code Origin} and {@code
   * Access-Control-Request-Method}) to a path that has no OPTIONS route would be a 405 before any
   * route's middleware ran. Instead it goes to the route of the method it asks about, if that route
   * runs the {@code cors} middleware: cors answers every preflight itself (204, or 403 when
   * refused) and never passes it on, so that route's handler is not reached. Otherwise (no such
   * route, or no cors on it) the request stays a 405. A path with an OPTIONS route of its own keeps
   * receiving preflights there.
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
        || !f.value().middleware().contains(CORS)) {
      return false;
    }
    run(f, ex);
    return true;
  }

  public ConfigSnapshot snapshot() {
    return snapshot;
  }

  /**
   * Closes what the table owns: middleware resources (Redis clients, stores), datasources, and the
   * tracing SDK (flushing its spans).
   */
  @Override
  public void close() {
    context.close();
    datasources.close();
    tracing.close();
  }

  /** This table's tracing ({@code telemetry.tracing}); off unless enabled. */
  public Tracing tracing() {
    return tracing;
  }

  /** The datasources this table's SQL routes use; opened by {@code serve}, closed at stop. */
  public Datasources datasources() {
    return datasources;
  }

  /** What each rate-limit policy in use decided since this table was built, by policy name. */
  public Map<String, RateLimitCounters> rateLimitCounters() {
    Map<String, RateLimitCounters> m = new java.util.HashMap<>();
    context.shared(RateLimiter.class).forEach(l -> m.put(l.spec().name(), l.counters()));
    return m;
  }

  /** Every route in file order. */
  public List<RuntimeRoute> routes() {
    return router.entries().stream().map(Router.Entry::value).toList();
  }

  /** A table, or the errors that kept it from being built. */
  public sealed interface Result {
    /** Built. */
    record Built(RouteTable table) implements Result {}

    /** Not built; every error found. */
    record Invalid(List<ConfigError> errors) implements Result {}
  }
}
