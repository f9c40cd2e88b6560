package dev.sluice.spec;

import dev.sluice.router.PathTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's {@code proxy:} block: forwards the request to an upstream and streams the answer back.
 *
 * <pre>
 * proxy:
 *   upstream: orders              # or  url: http://127.0.0.1:9001  (one target, inline)
 *   path: /v2/orders/{rest}       # rewrite from path parameters; default: the request path
 *   headers: {set: {X-Tenant: acme}, remove: [Cookie]}
 *   timeout: 3s                   # lowers the upstream's timeout for this route
 *   preserve-host: false          # true: the client's Host goes upstream
 * </pre>
 *
 * @param upstream the named upstream, or the inline one ({@code url:}) — bound from gateway.yaml
 * @param rewrite the upstream path template, whose parameters are all the route path's; empty: the
 *     request path as it came
 * @param setHeaders headers set on the upstream request (replacing the client's)
 * @param removeHeaders header names removed from the upstream request, lower case
 */
public record ProxySpec(
    UpstreamSpec upstream,
    Optional<PathTemplate> rewrite,
    Map<String, String> setHeaders,
    List<String> removeHeaders,
    Optional<Duration> timeout,
    boolean preserveHost,
    Origin origin)
    implements HandlerSpec {
  public ProxySpec {
    setHeaders = Map.copyOf(setHeaders);
    removeHeaders = List.copyOf(removeHeaders);
  }

  /** The timeout of one try: the route's when it is lower than the upstream's. */
  public Duration effectiveTimeout() {
    return timeout.filter(t -> t.compareTo(upstream.timeout()) < 0).orElse(upstream.timeout());
  }
}
