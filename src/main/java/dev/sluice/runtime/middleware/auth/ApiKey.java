package dev.sluice.runtime.middleware.auth;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One configured API key: the caller's name (its {@code sub}) and the SHA-256 of the key. The hash
 * is kept out of {@link #toString()} all the same.
 */
record ApiKey(String name, byte[] sha256) {
  ApiKey {
    if (sha256.length != 32) {
      throw new IllegalArgumentException("the sha256 of key \"" + name + "\" is not 32 bytes");
    }
    sha256 = sha256.clone();
  }

  /** A key as written in the config: {@code sha256} is 64 hex digits. */
  static ApiKey parse(String name, String sha256Hex) {
    if (!sha256Hex.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          "the sha256 of key \""
              + name
              + "\" must be 64 hex digits (printf %s \"$KEY\" | sha256sum)");
    }
    return new ApiKey(name, HexFormat.of().parseHex(sha256Hex));
  }

  @Override
  public byte[] sha256() {
    return sha256.clone();
  }

  boolean sameHash(ApiKey other) {
    return Arrays.equals(sha256, other.sha256);
  }

  /** Constant-time comparison with a presented key's hash. */
  boolean matches(byte[] presentedSha256) {
    return java.security.MessageDigest.isEqual(sha256, presentedSha256);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k && k.name.equals(name) && Arrays.equals(k.sha256, sha256);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(sha256);
  }

  @Override
  public String toString() {
    return "ApiKey[name=" + name + ", sha256=(hidden)]";
  }
}
