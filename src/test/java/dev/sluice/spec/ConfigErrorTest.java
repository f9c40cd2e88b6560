package dev.sluice.spec;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigErrorTest {

  @Test
  void formatsFileLineColumnPointerAndMessage() {
    ConfigError e =
        ConfigError.at(
            "routes/users.yaml", new Location(14, 9), "/routes/2/method", "\"GTE\" is wrong");

    assertThat(e.format(), is("routes/users.yaml:14:9: /routes/2/method: \"GTE\" is wrong"));
  }

  @Test
  void rootPointerPrintsAsSlash() {
    assertThat(
        ConfigError.at("a.yaml", new Location(3, 1), "", "expected object, got array").format(),
        is("a.yaml:3:1: /: expected object, got array"));
  }

  @Test
  void wholeFileErrorIsAtLineOneColumnOne() {
    ConfigError e = ConfigError.file("a.yaml", "file is empty");

    assertThat(e, is(new ConfigError("a.yaml", 1, 1, "", "file is empty")));
    assertThat(e.format(), is("a.yaml:1:1: /: file is empty"));
  }

  @Test
  void sortsByFileLineColumnPointerMessage() {
    List<ConfigError> errors =
        new ArrayList<>(
            List.of(
                new ConfigError("b.yaml", 1, 1, "", "m"),
                new ConfigError("a.yaml", 2, 1, "", "m"),
                new ConfigError("a.yaml", 1, 5, "/x", "m"),
                new ConfigError("a.yaml", 1, 5, "/a", "z"),
                new ConfigError("a.yaml", 1, 5, "/a", "b"),
                new ConfigError("a.yaml", 10, 1, "", "m")));
    errors.sort(null);

    assertThat(
        errors.stream().map(ConfigError::format).toList(),
        contains(
            "a.yaml:1:5: /a: b",
            "a.yaml:1:5: /a: z",
            "a.yaml:1:5: /x: m",
            "a.yaml:2:1: /: m",
            "a.yaml:10:1: /: m",
            "b.yaml:1:1: /: m"));
  }

  @Test
  void rejectsPositionsThatAreNotOneBased() {
    assertThrows(IllegalArgumentException.class, () -> new ConfigError("a", 0, 1, "", "m"));
    assertThrows(IllegalArgumentException.class, () -> new Location(1, 0));
  }
}
