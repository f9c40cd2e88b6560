package dev.sluice.runtime.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.problem.ProblemException;
import dev.sluice.testing.FuzzRuns;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Reading a JSON request body on any bytes: a tree, or a 400 problem saying why; nothing else is
 * thrown, however deep, large or malformed the input. An input is the body.
 */
@ExtendWith(FuzzRuns.class)
class JsonBodyFuzzTest {
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\"a\"",
    ":",
    ",",
    "1e999999",
    "0.",
    "true",
    "null",
    "\\u0000",
    "\\ud800",
    "\\",
    "\u00e9",
    "[[[[[[[[[[",
    "{\"a\":",
    "/*",
    "NaN",
    "\ufeff"
  })
  @FuzzTest(maxDuration = "10s")
  void reading(FuzzedDataProvider data) {
    FuzzRuns.count();
    try {
      RequestBodies.json(data.consumeRemainingAsBytes());
    } catch (ProblemException e) {
      assertThat(e.status().code(), is(400));
    }
  }
}
