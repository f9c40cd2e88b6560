package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.testing.FuzzRuns;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Any two values put into a template's parameters, percent-encoded, route to it and come back
 * decoded as they were. An input is the first value's length (its last byte, up to 64), then the
 * two values' UTF-8 bytes; an empty value is {@code x}.
 */
@ExtendWith(FuzzRuns.class)
class PathParametersFuzzTest {
  private static final Router<String> ROUTER =
      Router.<String>builder()
          .add("GET", PathTemplate.parse("/users/{id}/posts/{post}"), "posts")
          .build();

  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @FuzzTest(maxDuration = "10s")
  void aParameterValueComesBackAsItWas(FuzzedDataProvider data) {
    FuzzRuns.count();
    String id = value(data.consumeBytes(data.consumeInt(0, 64)));
    String post = value(data.consumeRemainingAsBytes());
    String path = "/users/" + encode(id) + "/posts/" + encode(post);
    RouteMatch<String> m = ROUTER.match("GET", path);
    assertThat(path, m, instanceOf(RouteMatch.Found.class));
    PathParams p = ((RouteMatch.Found<String>) m).params();
    assertThat(p.get("id"), is(id));
    assertThat(p.get("post"), is(post));
  }

  private static String value(byte[] utf8) {
    String v = new String(utf8, StandardCharsets.UTF_8);
    return v.isEmpty() ? "x" : v;
  }

  /** Every UTF-8 byte as {@code %XX} but letters, digits, {@code -}, {@code _} and {@code ~}. */
  private static String encode(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
      }
    }
    return out.toString();
  }
}
