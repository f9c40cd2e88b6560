package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.SecurityHeadersArgs;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityHeadersArgsParserTest {
  @Test
  void aBareEntryGivesTheDefaults() {
    assertThat(
        ArgsFixture.bind("security-headers").as(SecurityHeadersArgs.class),
        is(SecurityHeadersArgs.defaults()));
    assertThat(
        ArgsFixture.bind("security-headers: {}").as(SecurityHeadersArgs.class),
        is(SecurityHeadersArgs.defaults()));
  }

  @Test
  void falseTurnsAHeaderOffAndHstsIsParsed() {
    SecurityHeadersArgs a =
        ArgsFixture.bind(
                "security-headers: {frame-options: false, referrer-policy: same-origin,"
                    + " content-type-options: false, csp: \"default-src 'none'\","
                    + " hsts: {max-age: 8760h, include-subdomains: true, preload: true}}")
            .as(SecurityHeadersArgs.class);
    assertThat(a.frameOptions(), is(Optional.empty()));
    assertThat(a.referrerPolicy(), is(Optional.of("same-origin")));
    assertThat(a.contentTypeOptions(), is(false));
    assertThat(a.csp(), is(Optional.of("default-src 'none'")));
    assertThat(
        a.hsts(),
        is(Optional.of(new SecurityHeadersArgs.Hsts(Duration.ofHours(8760), true, true))));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          security-headers: {hsts: {max-age: 8760h, preload: true}} | 3:58: /stacks/s/0/security-headers/hsts/preload: security-headers: hsts: preload needs include-subdomains: true and a max-age of at least 8760h (a year)
          security-headers: {hsts: {max-age: 4320h, include-subdomains: true, preload: true}} | 3:84: /stacks/s/0/security-headers/hsts/preload: security-headers: hsts: preload needs include-subdomains: true and a max-age of at least 8760h (a year)
          security-headers: {csp: "default-src 'none';\\nscript-src 'self'"} | 3:31: /stacks/s/0/security-headers/csp: security-headers: csp must be a one-line policy, e.g. "default-src 'none'"
          security-headers: {csp: '  '} | 3:31: /stacks/s/0/security-headers/csp: security-headers: csp must be a one-line policy, e.g. "default-src 'none'"
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }
}
