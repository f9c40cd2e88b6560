package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jwt.proc.BadJWTException;

/**
 * A signed token whose claims are not acceptable (expired, not yet valid, wrong issuer or
 * audience). The message is the {@code error_description} the client gets.
 */
final class TokenRejectedException extends BadJWTException {
  private static final long serialVersionUID = 1L;

  TokenRejectedException(String description) {
    super(description);
  }
}
