package dev.sluice.runtime.middleware;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.CorsArgs;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code cors}: Cross-Origin Resource Sharing as the Fetch standard specifies it.
 *
 * <pre>
 * - cors:
 *     origins: ["http://localhost:3000", "https://*.example.com"]
 *     methods: [GET, POST]              # default: the method the preflight asks for
 *     headers: [Content-Type, Authorization]  # request headers a page may send; default none
 *     expose: [X-Request-Id]            # response headers a page may read
 *     credentials: false                # cookies / Authorization across origins
 *     max-age: 10m                      # how long a browser may cache a preflight
 * </pre>
 *
 * <ul>
 *   <li><b>Preflights</b> ({@code OPTIONS} with {@code Origin} and {@code
 *       Access-Control-Request-Method}) are answered here and never passed on: 204 with the CORS
 *       headers, or a 403 problem without them naming what was refused (origin, method or header).
 *       The route table hands a preflight to the route of the requested method when the path has no
 *       OPTIONS route of its own, so the cors of that route answers it; the route's handler is
 *       never reached. Put {@code cors} before {@code auth} and {@code rate-limit} in a stack,
 *       since browsers send preflights without credentials.
 *   <li><b>Other requests</b> from an allowed origin get {@code Access-Control-Allow-Origin} (and
 *       {@code -Allow-Credentials}, {@code -Expose-Headers}) before the rest of the chain runs, so
 *       error responses carry them too. A request from another origin is served without them (the
 *       browser then withholds the response from the page).
 *   <li>{@code Vary: Origin} is sent on every response whose headers depend on the origin — all of
 *       them, unless {@code origins: ["*"]}.
 *   <li>Origins are {@code scheme://host[:port]}, compared without regard to case; {@code
 *       https://*.example.com} admits every subdomain of example.com at any depth (not example.com
 *       itself); {@code "*"} admits every origin and is refused with {@code credentials: true}, as
 *       browsers refuse it. {@code "null"} cannot be listed.
 *   <li>{@code methods: ["*"]} and {@code headers: ["*"]} admit whatever the preflight asks for and
 *       answer with exactly that, which browsers accept with credentials as well.
 * </ul>
 */
final class CorsMiddleware implements Middleware {
  private static final HeaderName ORIGIN = HeaderNames.ORIGIN;
  private static final HeaderName REQUEST_METHOD = HeaderNames.ACCESS_CONTROL_REQUEST_METHOD;
  private static final HeaderName REQUEST_HEADERS = HeaderNames.ACCESS_CONTROL_REQUEST_HEADERS;
  private static final Header VARY_ORIGIN = HeaderValues.createCached(HeaderNames.VARY, "Origin");
  private static final Header VARY_PREFLIGHT =
      HeaderValues.createCached(
          HeaderNames.VARY,
          "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  private static final Header ALLOW_ANY_ORIGIN =
      HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
  private static final Header ALLOW_CREDENTIALS =
      HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final Origins origins;
  private final boolean credentials;
  private final Set<String> methods; // empty: any method
  private final Optional<Header> allowMethods; // empty: echo the requested method
  private final Set<String> headers; // lower case; empty (and anyHeader false): none
  private final boolean anyHeader;
  private final Optional<Header> allowHeaders; // empty: echo the requested headers
  private final Optional<Header> expose;
  private final Optional<Header> maxAge;

  private CorsMiddleware(
      Origins origins,
      boolean credentials,
      Set<String> methods,
      List<String> headers,
      boolean anyHeader,
      List<String> expose,
      Optional<Long> maxAgeSeconds) {
    this.origins = origins;
    this.credentials = credentials;
    this.methods = Set.copyOf(methods);
    this.allowMethods =
        methods.isEmpty()
            ? Optional.empty()
            : Optional.of(
                HeaderValues.createCached(
                    HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, String.join(", ", methods)));
    Set<String> lower = new HashSet<>();
    headers.forEach(h -> lower.add(h.toLowerCase(Locale.ROOT)));
    this.headers = Set.copyOf(lower);
    this.anyHeader = anyHeader;
    this.allowHeaders =
        anyHeader || headers.isEmpty()
            ? Optional.empty()
            : Optional.of(
                HeaderValues.createCached(
                    HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", headers)));
    this.expose =
        expose.isEmpty()
            ? Optional.empty()
            : Optional.of(
                HeaderValues.createCached(
                    HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, String.join(", ", expose)));
    this.maxAge =
        maxAgeSeconds.map(s -> HeaderValues.createCached(HeaderNames.ACCESS_CONTROL_MAX_AGE, s));
  }

  /** From the arguments, checked when they were bound. */
  static CorsMiddleware create(CorsArgs args) {
    return new CorsMiddleware(
        new Origins(args.origins()),
        args.credentials(),
        new LinkedHashSet<>(args.methods()),
        args.headers(),
        args.anyHeader(),
        args.expose(),
        args.maxAge().map(Duration::toSeconds));
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      ServerRequestHeaders h = ex.request().headers();
      Optional<String> origin = h.first(ORIGIN);
      if (origin.isPresent()
          && h.contains(REQUEST_METHOD)
          && Method.OPTIONS.equals(ex.request().prologue().method())) {
        preflight(ex, origin.get(), h);
        return; // a preflight never reaches the rest of the chain
      }
      ServerResponse res = ex.response();
      if (!origins.any()) {
        res.header(VARY_ORIGIN);
      }
      if (origin.isPresent() && origins.admits(origin.get())) {
        allowOrigin(res, origin.get());
        expose.ifPresent(res::header);
      }
      next.handle(ex);
    };
  }

  private void preflight(Exchange ex, String origin, ServerRequestHeaders h) {
    ServerResponse res = ex.response();
    res.header(VARY_PREFLIGHT);
    if (!origins.admits(origin)) {
      throw refused("origin " + origin + " is not allowed");
    }
    String method = h.first(REQUEST_METHOD).orElse("").trim();
    if (!TOKEN.matcher(method).matches() || !(methods.isEmpty() || methods.contains(method))) {
      throw refused("method " + method + " is not allowed");
    }
    String requested = h.first(REQUEST_HEADERS).orElse("");
    List<String> names = requestedHeaders(requested);
    if (!anyHeader) {
      for (String name : names) {
        if (!headers.contains(name)) {
          throw refused("request header " + name + " is not allowed");
        }
      }
    }
    allowOrigin(res, origin);
    res.header(
        allowMethods.orElseGet(
            () -> HeaderValues.create(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, method)));
    if (anyHeader && !names.isEmpty()) {
      res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, String.join(", ", names));
    } else {
      allowHeaders.ifPresent(res::header);
    }
    maxAge.ifPresent(res::header);
    res.status(Status.NO_CONTENT_204);
    res.send();
  }

  /** The comma-separated names of Access-Control-Request-Headers, lower case. */
  private static List<String> requestedHeaders(String value) {
    if (value.isBlank()) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!TOKEN.matcher(name).matches()) {
        throw refused("Access-Control-Request-Headers is malformed");
      }
      names.add(name);
    }
    return names;
  }

  private static ProblemException refused(String why) {
    return new ProblemException(Status.FORBIDDEN_403, "CORS preflight refused: " + why);
  }

  private void allowOrigin(ServerResponse res, String origin) {
    if (origins.any()) {
      res.header(ALLOW_ANY_ORIGIN);
    } else {
      res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    if (credentials) {
      res.header(ALLOW_CREDENTIALS);
    }
  }

  /** The admitted origins ({@link CorsArgs.Origins}), matched against a request's Origin. */
  record Origins(boolean any, Set<String> exact, List<Wildcard> wildcards) {
    Origins(CorsArgs.Origins o) {
      this(
          o.any(),
          o.exact(),
          o.subdomains().stream().map(d -> new Wildcard(d.prefix(), d.suffix())).toList());
    }

    /** True when the request's {@code Origin} is admitted. */
    boolean admits(String origin) {
      if (any) {
        return true;
      }
      String o = origin.toLowerCase(Locale.ROOT); // the same string when already lower case
      if (exact.contains(o)) {
        return true;
      }
      for (Wildcard w : wildcards) {
        if (w.matches(o)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code https://*.example.com} as the text before and after the {@code *}. */
  record Wildcard(String prefix, String suffix) {
    /** {@code prefix + labels + suffix}, where labels are one or more dot-separated host labels. */
    boolean matches(String o) {
      int from = prefix.length();
      int to = o.length() - suffix.length();
      if (to <= from || !o.startsWith(prefix) || !o.endsWith(suffix)) {
        return false;
      }
      char previous = '.';
      for (int i = from; i < to; i++) {
        char c = o.charAt(i);
        boolean label = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!label && !(c == '.' && previous != '.')) {
          return false;
        }
        previous = c;
      }
      return previous != '.';
    }
  }
}
