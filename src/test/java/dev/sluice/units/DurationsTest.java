package dev.sluice.units;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void durations() {
    assertThat(Durations.duration("250ms"), is(Duration.ofMillis(250)));
    assertThat(Durations.duration("30s"), is(Duration.ofSeconds(30)));
    assertThat(Durations.duration("2m"), is(Duration.ofMinutes(2)));
    assertThat(Durations.duration("1h"), is(Duration.ofHours(1)));
    assertThrows(IllegalArgumentException.class, () -> Durations.duration("30"));
    assertThrows(IllegalArgumentException.class, () -> Durations.duration("1.5s"));
  }

  @Test
  void sizes() {
    assertThat(Durations.size("512"), is(512L));
    assertThat(Durations.size("512B"), is(512L));
    assertThat(Durations.size("16KiB"), is(16_384L));
    assertThat(Durations.size("1MiB"), is(1_048_576L));
    assertThat(Durations.size("2GiB"), is(2_147_483_648L));
    assertThrows(IllegalArgumentException.class, () -> Durations.size("1MB"));
  }

  @Test
  void format() {
    assertThat(Durations.format(Duration.ofMillis(250)), is("250ms"));
    assertThat(Durations.format(Duration.ofSeconds(30)), is("30s"));
    assertThat(Durations.format(Duration.ofMinutes(2)), is("2m"));
    assertThat(Durations.format(Duration.ZERO), is("0s"));
  }
}
