package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.SecurityHeadersArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code - security-headers: {hsts, frame-options, referrer-policy, content-type-options, csp}}:
 * each key left out takes its default ({@link SecurityHeadersArgs#defaults()}), {@code false} turns
 * a header off; HSTS preload needs subdomains and a year; a CSP is one line.
 */
final class SecurityHeadersArgsParser {
  private static final Duration YEAR = Duration.ofDays(365);

  private SecurityHeadersArgsParser() {}

  static Optional<SecurityHeadersArgs> parse(Args a) {
    Optional<SecurityHeadersArgs.Hsts> hsts =
        a.given("hsts") ? Optional.of(hsts(a, a.get("hsts"))) : Optional.empty();
    boolean contentTypeOptions =
        a.get("content-type-options").asBoolean(SecurityHeadersArgs.DEFAULT_CONTENT_TYPE_OPTIONS);
    Optional<String> frameOptions =
        text(a.get("frame-options"), SecurityHeadersArgs.DEFAULT_FRAME_OPTIONS);
    Optional<String> referrerPolicy =
        text(a.get("referrer-policy"), SecurityHeadersArgs.DEFAULT_REFERRER_POLICY);
    Optional<String> csp = Optional.empty();
    if (a.given("csp")) {
      String policy = a.get("csp").asText().trim();
      if (policy.isEmpty() || policy.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
        a.error("csp must be a one-line policy, e.g. \"default-src 'none'\"", "csp");
      }
      csp = Optional.of(policy);
    }
    Optional<String> policy = csp;
    return a.result(
        () ->
            new SecurityHeadersArgs(
                hsts, contentTypeOptions, frameOptions, referrerPolicy, policy));
  }

  /** The value of a header that has a default: the default when absent, empty when false. */
  private static Optional<String> text(JsonNode v, String otherwise) {
    if (v.isMissingNode() || v.isNull()) {
      return Optional.of(otherwise);
    }
    return v.isBoolean() ? Optional.empty() : Optional.of(v.asText());
  }

  private static SecurityHeadersArgs.Hsts hsts(Args a, JsonNode h) {
    Duration maxAge = a.duration(h.path("max-age"), Duration.ZERO, "hsts", "max-age");
    boolean subdomains = h.path("include-subdomains").asBoolean(false);
    boolean preload = h.path("preload").asBoolean(false);
    if (preload && (!subdomains || maxAge.compareTo(YEAR) < 0)) {
      a.error(
          "hsts: preload needs include-subdomains: true and a max-age of at least 8760h (a year)",
          "hsts",
          "preload");
    }
    return new SecurityHeadersArgs.Hsts(maxAge, subdomains, preload);
  }
}
