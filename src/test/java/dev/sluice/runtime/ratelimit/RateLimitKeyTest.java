package dev.sluice.runtime.ratelimit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RateLimitKeyTest {
  @Test
  void parsesEveryKind() {
    assertThat(RateLimitKey.parse("client-ip", "r"), is(new RateLimitKey.ClientIp()));
    assertThat(RateLimitKey.parse("route", "login"), is(new RateLimitKey.Route("login")));
    assertThat(
        RateLimitKey.parse("header:X-Api-Key", "r") instanceof RateLimitKey.Header h
            && h.name().defaultCase().equals("X-Api-Key"),
        is(true));
    assertThat(RateLimitKey.parse("claim:sub", "r"), is(new RateLimitKey.Claim("sub")));
    assertThrows(IllegalArgumentException.class, () -> RateLimitKey.parse("ip", "r"));
  }

  @Test
  void longValuesAreHashedSoAKeyStaysSmall() {
    String shortKey = "a".repeat(RateLimitKey.MAX_PLAIN);
    assertThat(RateLimitKey.bounded(shortKey), is(shortKey));
    String longKey = "a".repeat(8_000);
    String bounded = RateLimitKey.bounded(longKey);
    assertThat(bounded, matchesPattern("sha256:[A-Za-z0-9_-]{43}"));
    assertThat(RateLimitKey.bounded(longKey), is(bounded));
    assertThat(RateLimitKey.bounded(longKey + "b"), not(bounded));
  }
}
