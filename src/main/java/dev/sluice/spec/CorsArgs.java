package dev.sluice.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code - cors: {...}}, parsed and checked: origins are well-formed {@code scheme://host[:port]}
 * (or {@code https://*.example.com}, or {@code "*"} without credentials), names are HTTP tokens.
 *
 * <pre>
 * - cors:
 *     origins: ["http://localhost:3000", "https://*.example.com"]
 *     methods: [GET, POST]
 *     headers: [Content-Type, Authorization]
 *     expose: [X-Request-Id]
 *     credentials: false
 *     max-age: 10m
 * </pre>
 *
 * @param methods the methods a preflight may ask for, in the order written; empty: whichever it
 *     asks for ({@code "*"} or none written)
 * @param headers the request headers a page may send, as written; empty with {@code anyHeader}
 *     false: none beyond the CORS-safelisted
 * @param anyHeader {@code headers: ["*"]}: whichever a preflight asks for
 * @param expose the response headers a page may read; {@code ["*"]} for all
 * @param maxAge how long a browser may cache a preflight answer; empty: not sent
 */
public record CorsArgs(
    Origins origins,
    boolean credentials,
    List<String> methods,
    List<String> headers,
    boolean anyHeader,
    List<String> expose,
    Optional<Duration> maxAge)
    implements MiddlewareArgs {
  public static final String NAME = "cors";

  /** Whether cookies and Authorization are allowed across origins when not written. */
  public static final boolean DEFAULT_CREDENTIALS = false;

  public CorsArgs {
    methods = List.copyOf(methods);
    headers = List.copyOf(headers);
    expose = List.copyOf(expose);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The admitted origins, lower case.
   *
   * @param any {@code "*"}: every origin
   * @param exact origins admitted as written ({@code https://app.example.com})
   * @param subdomains patterns admitting every subdomain of a domain
   */
  public record Origins(boolean any, Set<String> exact, List<Subdomains> subdomains) {
    public Origins {
      exact = Set.copyOf(exact);
      subdomains = List.copyOf(subdomains);
    }
  }

  /**
   * {@code https://*.example.com} as the text before and after the {@code *}: {@code https://} and
   * {@code .example.com}.
   */
  public record Subdomains(String prefix, String suffix) {}
}
