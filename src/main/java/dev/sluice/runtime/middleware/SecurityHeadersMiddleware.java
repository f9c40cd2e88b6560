package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.SecurityHeadersArgs;
import io.helidon.http.Header;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import java.util.ArrayList;
import java.util.List;

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
  private static final HeaderName FRAME_OPTIONS = HeaderNames.create("X-Frame-Options");
  private static final HeaderName REFERRER_POLICY = HeaderNames.create("Referrer-Policy");
  private static final HeaderName CONTENT_SECURITY_POLICY =
      HeaderNames.create("Content-Security-Policy");

  private final Header[] headers;

  private SecurityHeadersMiddleware(List<Header> headers) {
    this.headers = headers.toArray(new Header[0]);
  }

  /** The headers of {@code args}, computed once. */
  static SecurityHeadersMiddleware create(SecurityHeadersArgs args) {
    List<Header> out = new ArrayList<>();
    args.hsts().ifPresent(h -> out.add(hsts(h)));
    if (args.contentTypeOptions()) {
      out.add(HeaderValues.X_CONTENT_TYPE_OPTIONS_NOSNIFF);
    }
    args.frameOptions().ifPresent(v -> out.add(HeaderValues.createCached(FRAME_OPTIONS, v)));
    args.referrerPolicy().ifPresent(v -> out.add(HeaderValues.createCached(REFERRER_POLICY, v)));
    args.csp().ifPresent(v -> out.add(HeaderValues.createCached(CONTENT_SECURITY_POLICY, v)));
    return new SecurityHeadersMiddleware(out);
  }

  private static Header hsts(SecurityHeadersArgs.Hsts h) {
    String value =
        "max-age="
            + h.maxAge().toSeconds()
            + (h.includeSubdomains() ? "; includeSubDomains" : "")
            + (h.preload() ? "; preload" : "");
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
