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
    assertThat(RateLimitKey.parse("client-ip", "r", 64), is(new RateLimitKey.ClientIp(64)));
    assertThat(RateLimitKey.parse("route", "login", 64), is(new RateLimitKey.Route("login")));
    assertThat(
        RateLimitKey.parse("header:X-Api-Key", "r", 64) instanceof RateLimitKey.Header h
            && h.name().defaultCase().equals("X-Api-Key"),
        is(true));
    assertThat(RateLimitKey.parse("claim:sub", "r", 64), is(new RateLimitKey.Claim("sub")));
    assertThrows(IllegalArgumentException.class, () -> RateLimitKey.parse("ip", "r", 64));
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

  /** Issue 18: rotating addresses inside one /64 is one client. */
  @Test
  void anIpv6ClientIsItsNetwork() {
    RateLimitKey.ClientIp by64 = new RateLimitKey.ClientIp(64);
    assertThat(by64.key("2001:db8:1:2::1"), is("2001:db8:1:2::/64"));
    assertThat(by64.key("2001:db8:1:2:ffff:ffff:ffff:ffff"), is("2001:db8:1:2::/64"));
    assertThat(by64.key("2001:db8:1:3::1"), is("2001:db8:1:3::/64"));
    assertThat(by64.key("::1"), is("::/64"));
    assertThat(new RateLimitKey.ClientIp(48).key("2001:db8:1:2::1"), is("2001:db8:1::/48"));
    assertThat(new RateLimitKey.ClientIp(56).key("2001:db8:1:2ff::1"), is("2001:db8:1:200::/56"));
    assertThat(new RateLimitKey.ClientIp(128).key("2001:db8:1:2::1"), is("2001:db8:1:2::1"));
    // IPv4, also as ClientAddresses writes an IPv4-mapped peer, is keyed by its address
    assertThat(by64.key("192.0.2.7"), is("192.0.2.7"));
    assertThat(by64.key("192.0.2.8"), is("192.0.2.8"));
  }
}
