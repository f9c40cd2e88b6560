package dev.sluice.spec;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code - auth: {api-key: {header: X-Api-Key, query: api_key, keys: [{name, sha256}]}}}, parsed:
 * at least one key, no name or hash twice.
 *
 * @param header the request header carrying the key
 * @param query a query parameter also accepted (the header wins when both are sent)
 */
public record ApiKeyArgs(String header, Optional<String> query, List<Key> keys)
    implements AuthArgs {
  public static final String DEFAULT_HEADER = "X-Api-Key";

  public ApiKeyArgs {
    keys = List.copyOf(keys);
  }

  /**
   * One configured key: the caller's name (its {@code sub}) and the SHA-256 of the key, 32 bytes.
   * The hash is kept out of {@link #toString()} all the same. The array is copied in and out, and
   * equals, hashCode and toString are written for it (what ArrayRecordComponent warns about).
   */
  @SuppressWarnings("ArrayRecordComponent")
  public record Key(String name, byte[] sha256) {
    public Key {
      if (sha256.length != 32) {
        throw new IllegalArgumentException("the sha256 of key \"" + name + "\" is not 32 bytes");
      }
      sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
      return sha256.clone();
    }

    /** Constant-time comparison with a presented key's hash. */
    public boolean matches(byte[] presentedSha256) {
      return MessageDigest.isEqual(sha256, presentedSha256);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.name.equals(name) && Arrays.equals(k.sha256, sha256);
    }

    @Override
    public int hashCode() {
      return name.hashCode() * 31 + Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
      return "Key[name=" + name + ", sha256=(hidden)]";
    }
  }
}
