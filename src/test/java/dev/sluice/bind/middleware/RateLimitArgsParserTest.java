package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.RateLimitArgs;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateLimitArgsParserTest {
  @Test
  void thePolicyIsResolved() {
    assertThat(
        ArgsFixture.bind("rate-limit: {policy: login}").as(RateLimitArgs.class).policy(),
        is(ArgsFixture.policy("login")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          rate-limit | 3:7: /stacks/s/0: rate-limit: rate-limit needs a policy from rate-limits: - rate-limit: {policy: per-client}
          rate-limit: {policy: per-clinet} | 3:28: /stacks/s/0/rate-limit/policy: rate-limit: unknown rate-limit policy "per-clinet" (did you mean "per-client"?)
          rate-limit: {policy: signup} | 3:28: /stacks/s/0/rate-limit/policy: rate-limit: unknown rate-limit policy "signup"; known: login, per-client
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }

  @Test
  void withoutRateLimitsTheErrorSaysSo() {
    BindingContext none = new BindingContext(Map.of(), Set.of(), true, OptionalLong.empty());
    assertThat(
        ArgsFixture.bind("rate-limit: {policy: login}", none, Path.of("t.yaml"), Map.of()).errors(),
        contains(
            "3:28: /stacks/s/0/rate-limit/policy: rate-limit: unknown rate-limit policy \"login\""
                + " (gateway.yaml has no rate-limits:)"));
  }

  @Test
  void aPolicyWithErrorsOfItsOwnIsNotReportedAgain() {
    // login is written in gateway.yaml but could not be bound: its own error is the one reported
    BindingContext broken =
        new BindingContext(Map.of(), Set.of("login"), true, OptionalLong.empty());
    ArgsFixture.Bound b =
        ArgsFixture.bind("rate-limit: {policy: login}", broken, Path.of("t.yaml"), Map.of());
    assertThat(b.errors(), is(empty()));
    assertThat(b.args(), is(Optional.empty()));
    // rate-limits: itself broken: no name can be judged
    BindingContext unknown = new BindingContext(Map.of(), Set.of(), false, OptionalLong.empty());
    b = ArgsFixture.bind("rate-limit: {policy: nope}", unknown, Path.of("t.yaml"), Map.of());
    assertThat(b.errors(), is(empty()));
    assertThat(b.args(), is(Optional.empty()));
  }
}
