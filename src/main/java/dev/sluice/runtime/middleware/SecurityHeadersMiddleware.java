package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.units.Durations;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code security-headers}: response headers that tell browsers to be strict. Computed once; set
 * before the rest of the chain runs, so problem responses from later links carry them too (put it
 * first in a stack, and in {@code server.unmatched-stack}, to cover every response). A header the
 * handler sets itself (a static route's {@code headers:}) wins for that route.
 *
 * <pre>
 * - security-headers            # X-Content-Type-Options: nosniff, Referrer-Policy: no-referrer,
 *                               # X-Frame-Options: DENY
 * - security-headers:
 *     hsts: {max-age: 4320h, include-subdomains: true}   # 180 days; sent only when configured
 *     frame-options: SAMEORIGIN     # DENY (default), SAMEORIGIN, or false for none
 *     referrer-policy: strict-origin-when-cross-origin  # no-referrer (default), or false
 *     content-type-options: true    # nosniff (default), false for none
 *     csp: "default-src 'none'"     # Content-Security-Policy, none by default
 * </pre>
 *
 * <p>{@code hsts.max-age} is a duration like every other in the config (hours are the largest unit:
 * 8760h is a year). HSTS is sent over plain HTTP too, since Sluice usually sits behind the proxy
 * that terminates TLS; browsers honour it only over HTTPS. {@code preload: true} needs {@code
 * include-subdomains: true} and a max-age of at least a year, as the preload list requires.
 */
final class SecurityHeadersMiddleware implements Middleware {
  private static final long YEAR_SECONDS = 365L * 24 * 3600;
  private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
  private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
  private static final HeaderName CONTENT_SECURITY_POLICY =
      HeaderNames.create("Content-Security-Policy");

  private final Header[] headers;

  private SecurityHeadersMiddleware(List<Header> headers) {
    this.headers = headers.toArray(new Header[0]);
  }

  /** From the arguments; an empty object gives the defaults. */
  static SecurityHeadersMiddleware create(JsonNode args) {
    List<Header> out = new ArrayList<>();
    if (args.hasNonNull("hsts")) {
      out.add(hsts(args.path("hsts")));
    }
    if (args.path("content-type-options").asBoolean(true)) {
      out.add(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
    }
    text(args, "frame-options", "DENY")
        .ifPresent(v -> out.add(HeaderValues.createCached(FRAME_OPTIONS, v)));
    text(args, "referrer-policy", "no-referrer")
        .ifPresent(v -> out.add(HeaderValues.createCached(REFERRER_POLICY, v)));
    if (args.hasNonNull("csp")) {
      String csp = args.path("csp").asText().trim();
      if (csp.isEmpty() || csp.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        throw new IllegalArgumentException(
            "csp must be a one-line policy, e.g. \"default-src 'none'\"");
      }
      out.add(HeaderValues.createCached(CONTENT_SECURITY_POLICY, csp));
    }
    return new SecurityHeadersMiddleware(out);
  }

  /** The value of {@code key}: its default when absent, empty when {@code false}. */
  private static Optional<String> text(JsonNode args, String key, String otherwise) {
    JsonNode v = args.path(key);
    if (v.isMissingNode() || v.isNull()) {
      return Optional.of(otherwise);
    }
    return v.isBoolean() ? Optional.empty() : Optional.of(v.asText());
  }

  private static Header hsts(JsonNode h) {
    long seconds = Durations.duration(h.path("max-age").asText()).toSeconds();
    boolean subdomains = h.path("include-subdomains").asBoolean(false);
    boolean preload = h.path("preload").asBoolean(false);
    if (preload && (!subdomains || seconds < YEAR_SECONDS)) {
      throw new IllegalArgumentException(
          "hsts: preload needs include-subdomains: true and a max-age of at least 8760h (a year)");
    }
    String value =
        "max-age="
            + seconds
            + (subdomains ? "; includeSubDomains" : "")
            + (preload ? "; preload" : "");
    return HeaderValues.createCached(HeaderNames.STRICT_TRANSPORT_SECURITY, value);
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      for (Header h : headers) {
        ex.response().header(h);
      }
      next.handle(ex);
    };
  }
}
