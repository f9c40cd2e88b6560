package dev.sluice.router;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict percent-decoding of one request path segment as UTF-8. */
final class PercentDecoder {
  private PercentDecoder() {}

  /**
   * Decodes {@code path[from, to)}: each run of {@code %XX} escapes as UTF-8 bytes, other
   * characters as they are ({@code +} stays {@code +}).
   *
   * @throws MalformedPathException naming {@code rawPath} if an escape is not {@code %} and two hex
   *     digits or the bytes are not valid UTF-8
   */
  static String decode(String rawPath, String path, int from, int to) {
    StringBuilder out = new StringBuilder(to - from);
    byte[] bytes = null;
    int i = from;
    while (i < to) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      if (bytes == null) {
        bytes = new byte[(to - from) / 3];
      }
      int n = 0;
      while (i < to && path.charAt(i) == '%') {
        if (i + 3 > to) {
          throw new MalformedPathException(
              rawPath, "incomplete percent-escape \"" + path.substring(i, to) + "\" at index " + i);
        }
        int hi = hex(path.charAt(i + 1));
        int lo = hex(path.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw new MalformedPathException(
              rawPath, "invalid percent-escape \"" + path.substring(i, i + 3) + "\" at index " + i);
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 3;
      }
      CharsetDecoder decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      try {
        CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, n));
        out.append(chars);
      } catch (CharacterCodingException e) {
        throw new MalformedPathException(
            rawPath, "segment \"" + path.substring(from, to) + "\" does not decode to valid UTF-8");
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
