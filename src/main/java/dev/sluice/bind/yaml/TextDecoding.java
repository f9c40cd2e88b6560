package dev.sluice.bind.yaml;

import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Location;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks that a configuration file is UTF-8 text before it reaches the YAML parser. */
final class TextDecoding {

  private static final char BOM = '\uFEFF';

  private TextDecoding() {}

  /** The file's text, or empty with one error if it is too large, binary or not UTF-8. */
  static Optional<String> decode(
      byte[] bytes, String file, int maxBytes, List<ConfigError> errors) {
    if (bytes.length > maxBytes) {
      errors.add(tooLarge(file, maxBytes));
      return Optional.empty();
    }
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      errors.add(
          ConfigError.file(
              file,
              "not a UTF-8 text file (it starts with a UTF-16 byte order"
                  + " mark); save it as UTF-8"));
      return Optional.empty();
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      int offset = in.position();
      String hex = String.format(Locale.ROOT, "0x%02X", bytes[offset] & 0xFF);
      errors.add(
          ConfigError.at(
              file,
              locate(bytes, offset),
              "",
              "not a UTF-8 text file (invalid byte " + hex + " at offset " + offset + ")"));
      return Optional.empty();
    }
    out.flip();
    return check(out.toString(), bytes.length, file, maxBytes, errors);
  }

  /** The text without a byte order mark, or empty with one error if it is too large or binary. */
  static Optional<String> check(
      String text, int byteLength, String file, int maxBytes, List<ConfigError> errors) {
    if (byteLength > maxBytes) {
      errors.add(tooLarge(file, maxBytes));
      return Optional.empty();
    }
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      int offset = text.substring(0, nul).getBytes(StandardCharsets.UTF_8).length;
      errors.add(
          ConfigError.at(
              file, locate(text, nul), "", "not a text file (NUL byte at offset " + offset + ")"));
      return Optional.empty();
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0085' || c == '\u2028' || c == '\u2029') {
        errors.add(
            ConfigError.at(
                file,
                locate(text, i),
                "",
                String.format(
                    Locale.ROOT,
                    "character U+%04X is a line break to YAML but not to an editor, so every"
                        + " line and column after it would be off; use a newline (in a"
                        + " double-quoted string, write it as \\u%04X)",
                    (int) c,
                    (int) c)));
        return Optional.empty();
      }
    }
    return Optional.of(!text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text);
  }

  /** The error for a character YAML does not allow, at code point index {@code position}. */
  static ConfigError controlCharacter(String file, String text, int position, int codePoint) {
    int index = 0;
    try {
      index = text.offsetByCodePoints(0, Math.max(0, position));
    } catch (IndexOutOfBoundsException e) {
      index = 0;
    }
    String hex = String.format(Locale.ROOT, "U+%04X", codePoint);
    return ConfigError.at(
        file,
        locate(text, index),
        "",
        "not a text file (control character " + hex + " is not allowed in YAML)");
  }

  private static ConfigError tooLarge(String file, int maxBytes) {
    return ConfigError.file(
        file, "file is too large (at most " + maxBytes / (1024 * 1024) + " MiB are allowed)");
  }

  /** Line and column (in code points) of a char index in text. */
  private static Location locate(String text, int index) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < index; i++) {
      // a line ends as YAML ends it: LF, CR LF, or a lone CR
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    return new Location(line, text.codePointCount(lineStart, index) + 1);
  }

  /** Line and column of a byte offset; the bytes before it are valid UTF-8. */
  private static Location locate(byte[] bytes, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (bytes[i] == '\n'
          || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
        line++;
        lineStart = i + 1;
      }
    }
    String prefix = new String(bytes, lineStart, offset - lineStart, StandardCharsets.UTF_8);
    return new Location(line, prefix.codePointCount(0, prefix.length()) + 1);
  }
}
