package dev.sluice.runtime.http;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Request ids: an incoming {@code X-Request-Id} is kept when it is well-formed (1 to 128 characters
 * from {@code A-Z a-z 0-9 - _ . : / + = @}), otherwise a new one is made: a UUID version 7, so ids
 * sort by time in logs.
 */
public final class RequestIds {
  /** The header that carries the id. */
  public static final String HEADER = "X-Request-Id";

  private static final int MAX_LENGTH = 128;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private RequestIds() {}

  /** True when an incoming id may be kept as it is. */
  public static boolean wellFormed(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_'
              || c == '.'
              || c == ':'
              || c == '/'
              || c == '+'
              || c == '='
              || c == '@';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * The request's id: {@code incoming} (an {@code X-Request-Id}, or "") if well-formed, else new.
   */
  public static String settle(String incoming) {
    return wellFormed(incoming) ? incoming : generate();
  }

  /** A new UUIDv7 string (48-bit millisecond time, then random bits). */
  public static String generate() {
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    long msb = (System.currentTimeMillis() << 16) | 0x7000L | (rnd.nextLong() & 0x0FFFL);
    long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    char[] out = new char[36];
    int p = 0;
    for (int i = 60; i >= 0; i -= 4) {
      if (p == 8 || p == 13) {
        out[p++] = '-';
      }
      out[p++] = HEX[(int) (msb >>> i) & 0xF];
    }
    for (int i = 60; i >= 0; i -= 4) {
      if (p == 18 || p == 23) {
        out[p++] = '-';
      }
      out[p++] = HEX[(int) (lsb >>> i) & 0xF];
    }
    return new String(out);
  }
}
