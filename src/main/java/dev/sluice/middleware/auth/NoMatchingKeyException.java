package dev.sluice.middleware.auth;

import com.nimbusds.jose.KeySourceException;

/** No configured key fits the token's header (its {@code kid}, key type or curve). */
final class NoMatchingKeyException extends KeySourceException {
  NoMatchingKeyException(String message) {
    super(message);
  }
}
