package dev.sluice.router;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetFormTest {
  @ParameterizedTest
  @CsvSource({
    "/, ORIGIN",
    "/users/1, ORIGIN",
    "//a, ORIGIN",
    "/a:80, ORIGIN",
    "host:443, AUTHORITY",
    "localhost:8080, AUTHORITY",
    "'[::1]:443', AUTHORITY",
    "*, ASTERISK",
    "http://x/, ABSOLUTE",
    "https://x:8443/a, ABSOLUTE",
    "urn:isbn:0451450523, ABSOLUTE",
    "mailto:a@b, ABSOLUTE",
    "'', NONE",
    "files/a, NONE",
    "host:, ABSOLUTE",
    "1http://x, NONE",
    "**, NONE",
  })
  void classifiesTheRawTarget(String raw, TargetForm form) {
    assertThat(raw, TargetForm.of(raw), is(form));
    assertThat(raw, TargetForm.of(raw).refusal().isEmpty(), is(form == TargetForm.ORIGIN));
  }
}
