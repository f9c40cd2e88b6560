package dev.sluice.router;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.testing.FuzzRuns;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Path templates and the router on any input: a template parses or is refused with {@link
 * InvalidPathTemplateException}; a parsed template is accepted by the router; a path (the
 * template's text, without braces, and with a segment added) matches, misses, or is refused with
 * {@link MalformedPathException}; nothing else is ever thrown. An input is the template's UTF-8
 * bytes.
 */
@ExtendWith(FuzzRuns.class)
class RouterFuzzTest {
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "/",
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
    "\u00e9",
    "\u20ac",
    "~",
    "{id:int}",
    "//",
    "%00",
    "+",
    ";",
    "="
  })
  @FuzzTest(maxDuration = "10s")
  void templatesAndRouting(FuzzedDataProvider data) {
    FuzzRuns.count();
    String text = FuzzRuns.text(data);
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
    for (String path : List.of(text, text.replace("{", "").replace("}", ""), text + "/x")) {
      try {
        router.match("GET", path);
        router.match("POST", path);
      } catch (MalformedPathException e) {
        // refused: the contract
      }
    }
  }
}
