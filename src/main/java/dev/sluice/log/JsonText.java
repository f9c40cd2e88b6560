package dev.sluice.log;

/**
 * Escapes text for a JSON string literal (RFC 8259): quotes, backslashes, control characters. The
 * text format uses the same escapes ({@link TextFormatter}).
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  static void escape(StringBuilder b, String s) {
    escape(b, s, true, false);
  }

  /**
   * Appends {@code s} with its C0 control characters escaped.
   *
   * @param quoted also escape {@code "} and {@code \}
   * @param allControls also escape DEL, the C1 controls (NEL among them) and U+2028/U+2029
   */
  static void escape(StringBuilder b, String s, boolean quoted, boolean allControls) {
    int n = s.length();
    int from = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && !(quoted && (c == '"' || c == '\\')) && !(allControls && control(c))) {
        continue;
      }
      b.append(s, from, i);
      from = i + 1;
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default ->
            b.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
    }
    b.append(s, from, n);
  }

  /** C0, DEL, C1 (with NEL) and the Unicode line and paragraph separators. */
  static boolean control(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
  }
}
