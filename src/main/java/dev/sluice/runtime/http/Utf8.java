package dev.sluice.runtime.http;

/**
 * Strict UTF-8 validation (Unicode Table 3-7, RFC 3629): rejects overlong forms ({@code C0 AF} for
 * {@code /}), encoded surrogates ({@code ED A0 80}), code points above U+10FFFF and truncated or
 * stray bytes. Jackson's byte parser decodes some of these leniently (an overlong {@code /} becomes
 * a {@code /}), so request bodies are checked here first.
 *
 * <p>Made for JSON text, it also refuses a raw NUL byte: UTF-8 JSON never holds one (a NUL in a
 * string is written {@code \u0000}), while UTF-16 or UTF-32 JSON, which Jackson would detect and
 * decode, always does.
 */
final class Utf8 {
  private Utf8() {}

  /**
   * The offset of the first byte that is not part of well-formed UTF-8 (or is a NUL), or -1 when
   * all are.
   */
  static int firstMalformed(byte[] b) {
    int i = 0;
    int n = b.length;
    while (i < n) {
      int c = b[i] & 0xFF;
      if (c < 0x80) {
        if (c == 0) {
          return i; // see the class comment
        }
        i++;
        continue;
      }
      int need;
      int lo = 0x80;
      int hi = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
      } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) {
          lo = 0xA0; // below: overlong
        } else if (c == 0xED) {
          hi = 0x9F; // above: UTF-16 surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) {
          lo = 0x90; // below: overlong
        } else if (c == 0xF4) {
          hi = 0x8F; // above: beyond U+10FFFF
        }
      } else {
        return i; // a continuation byte, C0/C1 (always overlong) or F5..FF
      }
      if (i + need >= n) {
        return i; // truncated
      }
      int second = b[i + 1] & 0xFF;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        int cont = b[i + k] & 0xFF;
        if (cont < 0x80 || cont > 0xBF) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }
}
