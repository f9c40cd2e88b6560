package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.spec.ApiKeyArgs;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code auth}: the choice of mode, and the API-key mode (the JWT mode: JwtArgsParserTest). */
class AuthArgsParserTest {
  private static final String A =
      "055f1625caf85ca0101a99f639d5fee37a3c57f9dde7b60a5a24f783053533d1";
  private static final String B =
      "6d36ed5db0af41957c8c5854a19209c5a014e45806536d681841af85cda17ec4";

  @Test
  void apiKeysAreParsedWithTheDefaultHeader() {
    ApiKeyArgs a =
        ArgsFixture.bind("auth: {api-key: {keys: [{name: ci, sha256: " + A + "}]}}")
            .as(ApiKeyArgs.class);
    assertThat(a.header(), is(ApiKeyArgs.DEFAULT_HEADER));
    assertThat(a.query(), is(Optional.empty()));
    assertThat(a.keys(), is(List.of(new ApiKeyArgs.Key("ci", HexFormat.of().parseHex(A)))));
    ApiKeyArgs b =
        ArgsFixture.bind(
                "auth: {api-key: {header: X-Key, query: key, keys: [{name: ci, sha256: "
                    + A
                    + "}]}}")
            .as(ApiKeyArgs.class);
    assertThat(b.header(), is("X-Key"));
    assertThat(b.query(), is(Optional.of("key")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '`',
      textBlock =
          """
          auth => 3:7: /stacks/s/0: auth: needs exactly one mode: {api-key: {...}} or {jwt: {...}}
          auth: {api-key: {keys: []}} => 3:23: /stacks/s/0/auth/api-key: auth: api-key needs at least one key
          auth: {api-key: {keys: [{name: a, sha256: abc}]}} => 3:49: /stacks/s/0/auth/api-key/keys/0/sha256: auth: the sha256 of key "a" must be 64 hex digits (printf %s "$KEY" | sha256sum)
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }

  @Test
  void noNameOrHashTwice() {
    String twice = "auth: {api-key: {keys: [{name: a, sha256: %s}, {name: %s, sha256: %s}]}}";
    assertThat(
        ArgsFixture.bind(twice.formatted(A, "a", B)).errors(),
        contains(
            "3:123: /stacks/s/0/auth/api-key/keys/1/name: auth: api-key: the key name \"a\" is used"
                + " twice"));
    assertThat(
        ArgsFixture.bind(twice.formatted(A, "b", A.toUpperCase())).errors(),
        contains(
            "3:134: /stacks/s/0/auth/api-key/keys/1/sha256: auth: api-key: keys \"a\" and \"b\""
                + " have the same sha256"));
  }
}
