package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.BodySizeArgs;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BodySizeArgsParserTest {
  @ParameterizedTest(name = "{0} -> {1} bytes")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          body-size: {max: 64KiB} | 65536
          body-size: {max: 1MiB}  | 1048576
          body-size: {max: 100}   | 100
          body-size: {max: '512B'} | 512
          """)
  void sizes(String entry, long bytes) {
    assertThat(ArgsFixture.bind(entry).as(BodySizeArgs.class).maxBytes(), is(bytes));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          body-size | 3:7: /stacks/s/0: body-size: body-size needs a size: - body-size: {max: 1MiB}
          body-size: {max: 2MiB} | 3:24: /stacks/s/0/body-size/max: body-size: max 2MiB is above server.limits.max-payload-size (1MiB), which refuses such bodies first; lower max or raise the server's limit
          body-size: {max: 1048577} | 3:24: /stacks/s/0/body-size/max: body-size: max 1048577B is above server.limits.max-payload-size (1MiB), which refuses such bodies first; lower max or raise the server's limit
          body-size: {max: lots} | 3:24: /stacks/s/0/body-size/max: body-size: not a size: "lots" (use 512B, 16KiB, 1MiB)
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }

  @Test
  void aServerLimitWithErrorsOfItsOwnIsNotComparedWith() {
    BindingContext unknown = new BindingContext(Map.of(), Set.of(), true, OptionalLong.empty());
    ArgsFixture.Bound b =
        ArgsFixture.bind("body-size: {max: 2GiB}", unknown, Path.of("t.yaml"), Map.of());
    assertThat(b.as(BodySizeArgs.class).maxBytes(), is(2L << 30));
  }

  @Test
  void noServerLimitAdmitsAnySize() {
    BindingContext unlimited = new BindingContext(Map.of(), Set.of(), true, OptionalLong.of(0));
    ArgsFixture.Bound b =
        ArgsFixture.bind("body-size: {max: 2GiB}", unlimited, Path.of("t.yaml"), Map.of());
    assertThat(b.as(BodySizeArgs.class).maxBytes(), is(2L << 30));
  }
}
