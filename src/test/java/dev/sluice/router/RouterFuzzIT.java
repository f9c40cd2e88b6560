package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.Fuzz;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Path templates, the router and percent-decoding on random input: a template parses or is refused
 * with {@link InvalidPathTemplateException}; a path matches, misses, or is refused with {@link
 * MalformedPathException}; nothing else is ever thrown. A value put into a template's parameter,
 * percent-encoded, comes back decoded as it was.
 */
@Tag("reliability")
class RouterFuzzIT {
  private static final List<String> PIECES =
      List.of(
          "/",
          "/",
          "/",
          "a",
          "users",
          "{id}",
          "{x}",
          "{",
          "}",
          "{*rest}",
          "*",
          "%",
          "%2F",
          "%zz",
          "%e2%82%ac",
          "%C3",
          ".",
          "..",
          ":",
          "?",
          "#",
          " ",
          "\u00e9",
          "\u20ac",
          "-",
          "_",
          "~",
          "{id:int}",
          "//",
          "%00",
          "+",
          ";",
          "=");

  @Test
  void templatesAndRouting() throws Exception {
    Fuzz.run(
        "router",
        Fuzz.corpus("router"),
        r -> Fuzz.pieces(r, PIECES, 12),
        1_000_000,
        RouterFuzzIT::templateThenRoute);
  }

  @Test
  void percentDecoding() throws Exception {
    Fuzz.run(
        "percent-decoding",
        Fuzz.corpus("percent-decoding"),
        r -> Fuzz.pieces(r, PIECES, 16),
        1_000_000,
        raw -> {
          try {
            PercentDecoder.decode(raw, raw, 0, raw.length());
          } catch (MalformedPathException e) {
            // refused: the contract
          }
        });
  }

  @Test
  void aParameterValueComesBackAsItWas() throws Exception {
    Router<String> router =
        Router.<String>builder()
            .add("GET", PathTemplate.parse("/users/{id}/posts/{post}"), "posts")
            .build();
    Fuzz.run(
        "path-parameters",
        List.<String[]>of(),
        r -> new String[] {value(r), value(r)},
        1_000_000,
        v -> {
          String path = "/users/" + encode(v[0]) + "/posts/" + encode(v[1]);
          RouteMatch<String> m = router.match("GET", path);
          assertThat(path, m, instanceOf(RouteMatch.Found.class));
          PathParams p = ((RouteMatch.Found<String>) m).params();
          assertThat(p.get("id"), is(v[0]));
          assertThat(p.get("post"), is(v[1]));
        });
  }

  private static void templateThenRoute(String text) {
    PathTemplate t;
    try {
      t = PathTemplate.parse(text);
    } catch (InvalidPathTemplateException e) {
      return; // refused: the contract
    }
    Router<String> router;
    try {
      router = Router.<String>builder().add("GET", t, "r").build();
    } catch (IllegalArgumentException e) {
      throw new AssertionError("a parsed template was refused by the router: " + e, e);
    }
    List<String> paths = new ArrayList<>(List.of(text, text.replace("{", "").replace("}", "")));
    paths.add(text + "/x");
    for (String path : paths) {
      try {
        router.match("GET", path);
        router.match("POST", path);
      } catch (MalformedPathException e) {
        // refused: the contract
      }
    }
  }

  private static String value(Random r) {
    String v =
        Fuzz.pieces(r, List.of("a", "1", "/", "%", " ", "\u00e9", "\u20ac", "+", "?", "#", "{"), 8);
    return v.isEmpty() ? "x" : v;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
