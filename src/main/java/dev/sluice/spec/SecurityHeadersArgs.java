package dev.sluice.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code - security-headers}, parsed: the headers to send, each already checked. A key left out
 * takes the default below; {@code false} turns a header off.
 *
 * @param hsts {@code Strict-Transport-Security}; sent only when configured
 * @param contentTypeOptions whether {@code X-Content-Type-Options: nosniff} is sent
 * @param frameOptions {@code X-Frame-Options}; empty: not sent
 * @param referrerPolicy {@code Referrer-Policy}; empty: not sent
 * @param csp {@code Content-Security-Policy}, one line; empty: not sent
 */
public record SecurityHeadersArgs(
    Optional<Hsts> hsts,
    boolean contentTypeOptions,
    Optional<String> frameOptions,
    Optional<String> referrerPolicy,
    Optional<String> csp)
    implements MiddlewareArgs {
  public static final String NAME = "security-headers";

  public static final boolean DEFAULT_CONTENT_TYPE_OPTIONS = true;
  public static final String DEFAULT_FRAME_OPTIONS = "DENY";
  public static final String DEFAULT_REFERRER_POLICY = "no-referrer";

  /** What a bare {@code - security-headers} sends. */
  public static SecurityHeadersArgs defaults() {
    return new SecurityHeadersArgs(
        Optional.empty(),
        DEFAULT_CONTENT_TYPE_OPTIONS,
        Optional.of(DEFAULT_FRAME_OPTIONS),
        Optional.of(DEFAULT_REFERRER_POLICY),
        Optional.empty());
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * {@code hsts: {max-age: 8760h, include-subdomains: true, preload: true}}; preload needs the
   * other two (a year at least).
   */
  public record Hsts(Duration maxAge, boolean includeSubdomains, boolean preload) {}
}
