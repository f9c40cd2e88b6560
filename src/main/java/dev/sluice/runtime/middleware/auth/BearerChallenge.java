package dev.sluice.runtime.middleware.auth;

import dev.sluice.problem.ProblemException;
import io.helidon.http.Status;

/**
 * The problems of the {@code jwt} mode, with their RFC 6750 {@code WWW-Authenticate} challenges.
 * Descriptions are Sluice's own fixed words (never the token or anything read from it), and are
 * reduced to the characters an {@code error_description} may hold.
 */
final class BearerChallenge {
  private static final String HEADER = "WWW-Authenticate";

  private BearerChallenge() {}

  /** No bearer token at all: a bare challenge, as RFC 6750 asks, with no error code. */
  static ProblemException missing() {
    return new ProblemException(
            Status.UNAUTHORIZED_401, "a bearer token is required (Authorization: Bearer <token>)")
        .header(HEADER, "Bearer");
  }

  /** A token that is malformed, unverifiable, expired or otherwise not acceptable. */
  static ProblemException invalid(String description) {
    return new ProblemException(Status.UNAUTHORIZED_401, description)
        .header(HEADER, challenge("invalid_token", description));
  }

  /** A valid token that lacks a required claim or value. */
  static ProblemException insufficient(String description) {
    return new ProblemException(Status.FORBIDDEN_403, description)
        .header(HEADER, challenge("insufficient_scope", description));
  }

  /**
   * No keys to verify with (the JWKS could not be loaded yet): the gateway's failure, not the
   * client's.
   */
  static ProblemException keysUnavailable() {
    return new ProblemException(
            Status.SERVICE_UNAVAILABLE_503,
            "the gateway cannot verify tokens yet: its signing keys could not be loaded")
        .header("Retry-After", String.valueOf(JwksKeys.FETCH_INTERVAL.toSeconds()));
  }

  static String challenge(String error, String description) {
    return "Bearer error=\"" + error + "\", error_description=\"" + quotable(description) + "\"";
  }

  /** RFC 6750 §3: error_description is %x20-21 / %x23-5B / %x5D-7E. */
  static String quotable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
    }
    return b.toString();
  }
}
