package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.KeySourceException;

/** No configured key fits the token's header (its {@code kid}, key type or curve). */
final class NoMatchingKeyException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  NoMatchingKeyException(String message) {
    super(message);
  }
}
