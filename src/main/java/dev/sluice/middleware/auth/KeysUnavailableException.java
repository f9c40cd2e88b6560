package dev.sluice.middleware.auth;

import com.nimbusds.jose.KeySourceException;

/** No JWKS has been loaded yet (the first fetch failed): the gateway cannot verify anything. */
final class KeysUnavailableException extends KeySourceException {
  KeysUnavailableException(String message) {
    super(message);
  }
}
