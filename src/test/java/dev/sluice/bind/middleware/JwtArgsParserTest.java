package dev.sluice.bind.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.spec.JwtArgs;
import dev.sluice.spec.JwtArgs.ClaimValue;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JwtArgsParserTest {
  private static final String SECRET_40 = "0123456789012345678901234567890123456789";

  @TempDir Path dir;

  @Test
  void aSharedSecretWithTheDefaults() {
    JwtArgs a =
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [HS256], secret: '" + SECRET_40 + "', audience: any}}")
            .as(JwtArgs.class);
    assertThat(a.algorithms(), is(Set.of(JwtArgs.Algorithm.HS256)));
    assertThat(a.secret().orElseThrow().length(), is(40));
    assertThat(a.toString(), not(containsString(SECRET_40)));
    assertThat(a.jwks(), is(Optional.empty()));
    assertThat(a.refresh(), is(JwtArgs.DEFAULT_REFRESH));
    assertThat(a.clockSkew(), is(JwtArgs.DEFAULT_CLOCK_SKEW));
    assertThat(a.issuer(), is(Optional.empty()));
    assertThat(a.audiences(), is(Set.of()));
    assertThat(a.requiredClaims(), is(Map.of()));
  }

  @Test
  void aJwksUrlIssuerAudiencesAndRequiredClaims() {
    JwtArgs a =
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [RS256, ES256], jwks: {url: 'https://id.test/jwks',"
                    + " refresh: 1m}, issuer: 'https://id.test', audience: [a, b], clock-skew: 5s,"
                    + " required-claims: {scope: users:write, level: [2, 2.50], admin: true}}}")
            .as(JwtArgs.class);
    assertThat(a.jwks(), is(Optional.of(new JwtArgs.Jwks.Url(URI.create("https://id.test/jwks")))));
    assertThat(a.refresh(), is(Duration.ofMinutes(1)));
    assertThat(a.issuer(), is(Optional.of("https://id.test")));
    assertThat(a.audiences(), is(Set.of("a", "b")));
    assertThat(a.clockSkew(), is(Duration.ofSeconds(5)));
    assertThat(List.copyOf(a.requiredClaims().keySet()), is(List.of("scope", "level", "admin")));
    assertThat(a.requiredClaims().get("scope"), is(List.of(new ClaimValue.Text("users:write"))));
    List<ClaimValue> level = a.requiredClaims().get("level");
    assertThat(((ClaimValue.Numeric) level.get(1)).value().compareTo(new BigDecimal("2.5")), is(0));
    assertThat(level.get(1).text(), is("2.5"));
    assertThat(a.requiredClaims().get("admin"), is(List.of(new ClaimValue.Bool(true))));
    assertThat(
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [ES256], jwks: {url: 'https://id.test/j'},"
                    + " required-claims: [sub], audience: any}}")
            .as(JwtArgs.class)
            .requiredClaims(),
        is(Map.of("sub", List.of())));
  }

  @Test
  void aJwksFileIsRelativeToTheFileAndReadWhenBound() throws Exception {
    Files.createDirectories(dir.resolve("keys"));
    Files.writeString(dir.resolve("keys/jwks.json"), "{\"keys\": []}");
    JwtArgs a =
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [ES256], jwks: {file: ../keys/jwks.json}, audience: any}}",
                dir.resolve("conf/gateway.yaml"))
            .as(JwtArgs.class);
    assertThat(a.jwks(), is(Optional.of(new JwtArgs.Jwks.File(dir.resolve("keys/jwks.json")))));
    Files.writeString(dir.resolve("keys/bad.json"), "{\"keys\": 3}");
    assertThat(
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [ES256], jwks: {file: ../keys/bad.json}, audience: any}}",
                dir.resolve("conf/gateway.yaml"))
            .errors()
            .get(0),
        containsString(
            "3:54: /stacks/s/0/auth/jwt/jwks/file: auth: jwt: cannot read the JWKS file "
                + dir.resolve("keys/bad.json")
                + ": "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          auth: {jwt: {audience: any}} | 3:19: /stacks/s/0/auth/jwt: auth: jwt: list the accepted algorithms, e.g. [RS256]
          auth: {jwt: {algorithms: [none], audience: any}} | 3:33: /stacks/s/0/auth/jwt/algorithms/0: auth: jwt: algorithm "none" is not supported; use one of [ES256, ES384, ES512, HS256, HS384, HS512, PS256, PS384, PS512, RS256, RS384, RS512]
          auth: {jwt: {algorithms: [HS256], audience: any}} | 3:19: /stacks/s/0/auth/jwt: auth: jwt: HS algorithms need a secret (secret: ${JWT_SECRET})
          auth: {jwt: {algorithms: [HS256, HS512], secret: '0123456789012345678901234567890123456789', audience: any}} | 3:56: /stacks/s/0/auth/jwt/secret: auth: jwt: the secret is 40 bytes; HS512 needs at least 64
          auth: {jwt: {algorithms: [HS384], secret: '0123456789012345678901234567890123456789', audience: any}} | 3:49: /stacks/s/0/auth/jwt/secret: auth: jwt: the secret is 40 bytes; HS384 needs at least 48
          auth: {jwt: {algorithms: [RS256], audience: any}} | 3:19: /stacks/s/0/auth/jwt: auth: jwt: RS/PS/ES algorithms need jwks: {url: https://...} or jwks: {file: ...}
          auth: {jwt: {algorithms: [RS256], jwks: {}, audience: any}} | 3:47: /stacks/s/0/auth/jwt/jwks: auth: jwt: RS/PS/ES algorithms need jwks: {url: https://...} or jwks: {file: ...}
          auth: {jwt: {algorithms: [RS256], jwks: {url: 'https://x/j', file: k.json}, audience: any}} | 3:47: /stacks/s/0/auth/jwt/jwks: auth: jwt: jwks takes a url or a file, not both
          auth: {jwt: {algorithms: [HS256], secret: '0123456789012345678901234567890123456789', jwks: {file: k.json}, audience: any}} | 3:99: /stacks/s/0/auth/jwt/jwks: auth: jwt: jwks is only used by RS/PS/ES algorithms, and algorithms lists none of them
          auth: {jwt: {algorithms: [RS256], jwks: {url: 'ftp://x/j'}, audience: any}} | 3:53: /stacks/s/0/auth/jwt/jwks/url: auth: jwt: jwks url must be http(s)://host/...
          auth: {jwt: {algorithms: [RS256], jwks: {url: 'https://x/j', refresh: 1s}, audience: any}} | 3:77: /stacks/s/0/auth/jwt/jwks/refresh: auth: jwt: jwks refresh must be at least 10s
          auth: {jwt: {algorithms: [ES256], jwks: {file: missing.json}, audience: any}} | 3:54: /stacks/s/0/auth/jwt/jwks/file: auth: jwt: cannot read the JWKS file missing.json: no such file
          auth: {jwt: {algorithms: [HS256], secret: '0123456789012345678901234567890123456789'}} | 3:19: /stacks/s/0/auth/jwt: auth: jwt: audience is required: the aud your tokens are minted for (audience: my-api), or audience: any to accept a token whatever its audience
          auth: {jwt: {algorithms: [HS256], secret: '0123456789012345678901234567890123456789', audience: [a, any]}} | 3:107: /stacks/s/0/auth/jwt/audience/1: auth: jwt: audience: any accepts every audience; write it alone, not in a list
          auth: {jwt: {algorithms: [RS256], jwks: {url: 'http://issuer.example/jwks'}, audience: a}} | 3:53: /stacks/s/0/auth/jwt/jwks/url: auth: jwt: jwks url must be https:// (http:// only for a loopback host: localhost, 127.0.0.1, [::1])
          auth: {jwt: {algorithms: [RS256], jwks: {url: 'http://10.0.0.1:8080/jwks'}, audience: a}} | 3:53: /stacks/s/0/auth/jwt/jwks/url: auth: jwt: jwks url must be https:// (http:// only for a loopback host: localhost, 127.0.0.1, [::1])
          """)
  void refused(String entry, String error) {
    assertThat(ArgsFixture.bind(entry).errors(), contains(error));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://127.0.0.1:8080/jwks",
    "http://127.1.2.3/jwks",
    "http://localhost/jwks",
    "http://[::1]:9000/jwks",
    "https://issuer.example/jwks"
  })
  void aJwksUrlOverHttpOnlyOnLoopback(String url) {
    JwtArgs a =
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [RS256], jwks: {url: '" + url + "'}, audience: a}}")
            .as(JwtArgs.class);
    assertThat(a.jwks(), is(Optional.of(new JwtArgs.Jwks.Url(URI.create(url)))));
  }

  @Test
  void audienceAnyAcceptsEveryAudienceAndAStringOneAudience() {
    String hs = "auth: {jwt: {algorithms: [HS256], secret: '" + SECRET_40 + "', audience: ";
    assertThat(ArgsFixture.bind(hs + "any}}").as(JwtArgs.class).audiences(), is(Set.of()));
    assertThat(ArgsFixture.bind(hs + "api}}").as(JwtArgs.class).audiences(), is(Set.of("api")));
  }

  @Test
  void aSecretTooShortNamesItsVariableNeverItsValue() {
    ArgsFixture.Bound b =
        ArgsFixture.bind(
            "auth: {jwt: {algorithms: [HS256], secret: '${JWT_SECRET}', audience: any}}",
            ArgsFixture.context(),
            Path.of("t.yaml"),
            Map.of("JWT_SECRET", "short-secret-value"));
    assertThat(
        b.errors(),
        contains(
            "3:49: /stacks/s/0/auth/jwt/secret: auth: jwt: the secret is 18 bytes; HS256 needs at"
                + " least 32 (the value comes from ${JWT_SECRET})"));
  }

  @Test
  void everyMistakeOfOneEntryInOneRun() {
    assertThat(
        ArgsFixture.bind(
                "auth: {jwt: {algorithms: [RS256], secret: '" + SECRET_40 + "', audience: any}}")
            .errors(),
        containsInAnyOrder(
            "3:49: /stacks/s/0/auth/jwt/secret: auth: jwt: secret is only used by"
                + " HS256/HS384/HS512, and algorithms lists none of them",
            "3:19: /stacks/s/0/auth/jwt: auth: jwt: RS/PS/ES algorithms need jwks: {url:"
                + " https://...} or jwks: {file: ...}"));
  }
}
