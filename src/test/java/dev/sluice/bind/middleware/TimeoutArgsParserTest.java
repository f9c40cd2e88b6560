package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.TimeoutArgs;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeoutArgsParserTest {
  @Test
  void theDeadlineIsADuration() {
    assertThat(
        ArgsFixture.bind("timeout: {after: 300ms}").as(TimeoutArgs.class).after(),
        is(Duration.ofMillis(300)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          timeout | 3:7: /stacks/s/0: timeout: timeout needs a duration: - timeout: {after: 2s}
          timeout: {after: 0s} | 3:24: /stacks/s/0/timeout/after: timeout: after must be longer than 0
          timeout: {after: 2 days} | 3:24: /stacks/s/0/timeout/after: timeout: not a duration: "2 days" (use 250ms, 30s, 2m, 1h)
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }
}
