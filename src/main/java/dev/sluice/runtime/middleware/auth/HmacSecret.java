package dev.sluice.runtime.middleware.auth;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The shared secret of HS256/384/512, as its UTF-8 bytes. Never printed: see {@link #toString}. */
final class HmacSecret {
  private final int length;
  private final SecretKey key;

  private HmacSecret(byte[] bytes) {
    this.length = bytes.length;
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /** The secret's bytes (the UTF-8 of the configured text). */
  static HmacSecret of(byte[] secret) {
    return new HmacSecret(secret);
  }

  int length() {
    return length;
  }

  /**
   * The key for nimbus's MAC verifier, which uses its bytes with the header's HS algorithm (the
   * key's own algorithm name does not restrict it).
   */
  SecretKey key() {
    return key;
  }

  @Override
  public String toString() {
    return "HmacSecret[(hidden)]";
  }
}
