package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.spec.ApiKeyArgs;
import dev.sluice.spec.ConfigError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code auth} arguments are checked, through the loader: by the schema, then by their parser
 * when the file is bound, with clear words. (Positions: {@code bind.middleware.JwtArgsParserTest}.)
 */
class AuthConfigTest {
  private static final String SHORT_SECRET = "short-secret-value";
  private static final String SECRET_40 = "0123456789012345678901234567890123456789";
  private static final String HASH =
      "055f1625caf85ca0101a99f639d5fee37a3c57f9dde7b60a5a24f783053533d1";

  @TempDir Path dir;

  @Test
  void bothModesInOneEntryIsASchemaError() throws Exception {
    List<String> errors =
        errors(
            "- auth: {api-key: {keys: [{name: a, sha256: "
                + HASH
                + "}]}, jwt: {algorithms: [HS256], audience: any}}");
    assertThat(errors, contains(containsString("auth takes exactly one mode")));
  }

  @Test
  void noModeIsASchemaError() throws Exception {
    assertThat(errors("- auth: {}"), contains(containsString("auth takes exactly one mode")));
    assertThat(
        errors("- auth"),
        contains(containsString("auth: needs exactly one mode: {api-key: {...}} or {jwt: {...}}")));
  }

  @Test
  void misspeltModeIsNamed() throws Exception {
    List<String> errors = errors("- auth: {api_key: {keys: [{name: a, sha256: " + HASH + "}]}}");
    assertThat(errors, hasItem(containsString("api-key")));
  }

  @Test
  void badHashIsASchemaErrorThatSaysHowToMakeOne() throws Exception {
    assertThat(
        errors("- auth: {api-key: {keys: [{name: a, sha256: abc}]}}"),
        contains(containsString("sha256sum")));
  }

  @Test
  void algNoneCannotBeConfigured() throws Exception {
    assertThat(
        errors("- auth: {jwt: {algorithms: [none], secret: x, audience: any}}"), not(empty()));
  }

  @Test
  void duplicateKeyNamesAreRefused() throws Exception {
    String other = "6d36ed5db0af41957c8c5854a19209c5a014e45806536d681841af85cda17ec4";
    assertThat(
        errors(
            "- auth: {api-key: {keys: [{name: a, sha256: "
                + HASH
                + "}, {name: a, sha256: "
                + other
                + "}]}}"),
        contains(containsString("the key name \"a\" is used twice")));
    assertThat(
        errors(
            "- auth: {api-key: {keys: [{name: a, sha256: "
                + HASH
                + "}, {name: b, sha256: "
                + HASH.toUpperCase()
                + "}]}}"),
        contains(containsString("have the same sha256")));
  }

  @Test
  void shortSecretIsRefusedWithoutPrintingIt() throws Exception {
    List<String> errors =
        errors("- auth: {jwt: {algorithms: [HS256], secret: '${JWT_SECRET}', audience: any}}");
    assertThat(errors, contains(containsString("the secret is 18 bytes; HS256 needs at least 32")));
    assertThat(errors.get(0), not(containsString(SHORT_SECRET)));
  }

  @Test
  void hs512NeedsA64ByteSecret() throws Exception {
    assertThat(
        errors(
            "- auth: {jwt: {algorithms: [HS256, HS512], secret: '"
                + SECRET_40
                + "', audience: any}}"),
        contains(containsString("HS512 needs at least 64")));
  }

  @Test
  void modesNeedTheirKeys() throws Exception {
    assertThat(
        errors("- auth: {jwt: {algorithms: [HS256], audience: any}}"),
        contains(containsString("HS algorithms need a secret")));
    assertThat(
        errors("- auth: {jwt: {algorithms: [RS256], audience: any}}"),
        contains(containsString("RS/PS/ES algorithms need jwks")));
    // both mistakes of one entry in one run: the secret it does not use, the JWKS it lacks
    assertThat(
        errors("- auth: {jwt: {algorithms: [RS256], secret: '" + SECRET_40 + "', audience: any}}"),
        containsInAnyOrder(
            containsString("secret is only used by HS256/HS384/HS512"),
            containsString("RS/PS/ES algorithms need jwks")));
    assertThat(
        errors(
            "- auth: {jwt: {algorithms: [HS256], secret: '"
                + SECRET_40
                + "', jwks: {file: k.json}, audience: any}}"),
        contains(containsString("jwks is only used by RS/PS/ES")));
    assertThat(
        errors(
            "- auth: {jwt: {algorithms: [RS256], jwks: {url: 'https://x/j', file: k.json}, audience: any}}"),
        contains(containsString("a url or a file, not both")));
  }

  @Test
  void jwksFileIsReadWhenTheFileIsBound() throws Exception {
    assertThat(
        errors("- auth: {jwt: {algorithms: [ES256], jwks: {file: missing.json}, audience: any}}"),
        contains(containsString("missing.json: no such file")));
    Files.writeString(dir.resolve("bad.json"), "{\"keys\": 3}");
    assertThat(
        errors("- auth: {jwt: {algorithms: [ES256], jwks: {file: bad.json}, audience: any}}"),
        contains(containsString("cannot read the JWKS file")));
  }

  @Test
  void refreshHasAFloor() throws Exception {
    assertThat(
        errors(
            "- auth: {jwt: {algorithms: [RS256], jwks: {url: 'https://x/j', refresh: 1s}, audience: any}}"),
        contains(containsString("refresh must be at least 10s")));
  }

  @Test
  void aJwksUrlIsNotFetchedWhileBuilding() throws Exception {
    // nothing listens on port 1; building (validate-config) must not try
    assertThat(
        errors(
            "- auth: {jwt: {algorithms: [RS256], jwks: {url: 'http://127.0.0.1:1/jwks.json'}, audience: any}}"),
        empty());
  }

  @Test
  void argumentsNeverPrintTheSecret() throws Exception {
    write("- auth: {jwt: {algorithms: [HS256], secret: '" + SECRET_40 + "', audience: any}}");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    var stack = ((LoadResult.Loaded) r).snapshot().gateway().stacks().get("s");
    String printed = stack.middleware().get(0).args().toString();
    assertThat(printed, not(containsString(SECRET_40)));
    assertThat(printed, containsString("hidden"));
    assertThat(stack.toString(), not(containsString(SECRET_40)));
    ApiKeyArgs.Key key = new ApiKeyArgs.Key("ci", HexFormat.of().parseHex(HASH));
    assertThat(key.toString(), not(containsString(HASH)));
  }

  @Test
  void argumentErrorsNameTheMiddleware() throws Exception {
    List<String> errors = errors("- auth: {jwt: {algorithms: [HS256], audience: any}}");
    assertThat(errors, hasSize(1));
    assertThat(errors.get(0), containsString("auth: jwt: "));
  }

  /** Every error of a config whose only stack is {@code stack} (YAML list items, 4 spaces in). */
  private List<String> errors(String stack) throws Exception {
    write(stack);
    LoadResult r =
        new ConfigLoader(Environment.of(Map.of("JWT_SECRET", SHORT_SECRET)))
            .load(dir.resolve("gateway.yaml"));
    if (r instanceof LoadResult.Invalid i) {
      return i.errors().stream().map(ConfigError::format).toList();
    }
    var snapshot = ((LoadResult.Loaded) r).snapshot();
    GatewayRuntime.Result t = GatewayRuntime.build(snapshot);
    if (t instanceof GatewayRuntime.Result.Invalid i) {
      return i.errors().stream().map(ConfigError::format).toList();
    }
    ((GatewayRuntime.Result.Built) t).runtime().close();
    return List.of();
  }

  private void write(String stack) throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server: {port: 0}
        route-files: [routes.yaml]
        stacks:
          s:
            %s
        """
            .formatted(stack));
    Files.writeString(
        dir.resolve("routes.yaml"),
        "routes:\n  - {id: r, method: GET, path: /, stack: s, static: {body: ok}}\n");
  }
}
