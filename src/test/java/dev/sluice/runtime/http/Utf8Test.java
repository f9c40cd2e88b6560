package dev.sluice.runtime.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Utf8Test {
  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource({
    "'', -1",
    "41, -1", // A
    "7f, -1",
    "c2a9, -1", // ©
    "dfbf, -1", // U+07FF
    "e0a080, -1", // U+0800, the first three-byte
    "ed9fbf, -1", // U+D7FF, just below the surrogates
    "ee8080, -1", // U+E000, just above them
    "efbfbf, -1", // U+FFFF
    "f0908080, -1", // U+10000
    "f48fbfbf, -1", // U+10FFFF, the last
    "f09f9880, -1", // 😀
    "410042, 1", // a raw NUL: never in UTF-8 JSON
    "007b0022, 0", // {" in UTF-16BE, which Jackson would decode
    "41c0af, 1", // overlong '/'
    "c180, 0", // overlong, C1 lead
    "e080af, 0", // overlong three-byte '/'
    "f08080af, 0", // overlong four-byte '/'
    "c080, 0", // overlong NUL
    "eda080, 0", // U+D800, an encoded surrogate
    "edbfbf, 0", // U+DFFF
    "f4908080, 0", // above U+10FFFF
    "f5808080, 0",
    "ff, 0",
    "80, 0", // a stray continuation byte
    "4142c3, 2", // truncated at the end
    "e282, 0", // truncated three-byte
    "c328, 0", // bad continuation
    "e228a1, 0",
    "f0289f98, 0",
  })
  void findsTheFirstMalformedByte(String hex, int expected) {
    assertThat(Utf8.firstMalformed(HexFormat.of().parseHex(hex)), is(expected));
  }

  @ParameterizedTest
  @CsvSource({"plain ascii", "Grüße, 世界 😀", "''"})
  void acceptsWhatJavaEncodes(String text) {
    assertThat(Utf8.firstMalformed(text.getBytes(StandardCharsets.UTF_8)), is(-1));
  }
}
