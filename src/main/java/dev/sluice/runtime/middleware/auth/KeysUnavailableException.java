package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.KeySourceException;

/** No JWKS has been loaded yet (the first fetch failed): the gateway cannot verify anything. */
final class KeysUnavailableException extends KeySourceException {
  private static final long serialVersionUID = 1L;

  KeysUnavailableException(String message) {
    super(message);
  }
}
