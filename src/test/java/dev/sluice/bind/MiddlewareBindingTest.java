package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.JsonSchemaArgs;
import dev.sluice.spec.RateLimitArgs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Middleware arguments are bound with their file: every error of a broken configuration in one run,
 * each at its value — also in stacks and routes that have errors of other kinds.
 */
class MiddlewareBindingTest {
  private static final String ROUTE =
      "routes:\n  - {id: r, method: GET, path: /, stack: s, static: {body: ok}}\n";

  @TempDir Path dir;

  @Test
  void aStacksArgumentsAreCheckedWhenGatewayYamlHasOtherErrors() throws Exception {
    List<String> errors =
        errors(
            """
            server: {port: high}
            route-files: [routes.yaml]
            stacks:
              s:
                - ip-filter: {allow: [nope]}
            """,
            ROUTE);
    assertThat(
        errors,
        contains(
            startsWith("1:16: /server/port: expected integer"),
            startsWith("5:27: /stacks/s/0/ip-filter/allow/0: ip-filter: allow[0]: \"nope\"")));
  }

  @Test
  void aRouteWithSchemaErrorsStillHasItsMiddlewareChecked() throws Exception {
    List<String> errors =
        errors(
            """
            server: {port: 0}
            route-files: [routes.yaml]
            rate-limits: {per-client: {capacity: 5}}
            stacks: {s: []}
            """,
            """
            routes:
              - id: r
                method: GTE
                path: /
                stack: s
                middleware:
                  - rate-limit: {policy: per-clinet}
                static: {body: ok}
            """);
    assertThat(
        errors,
        containsInAnyOrder(
            startsWith("3:13: /routes/0/method: "),
            is(
                "7:30: /routes/0/middleware/0/rate-limit/policy: rate-limit: unknown rate-limit"
                    + " policy \"per-clinet\" (did you mean \"per-client\"?)")));
  }

  @Test
  void anEntryWithSchemaErrorsIsNotParsedAgain() throws Exception {
    List<String> errors =
        errors(
            """
            server: {port: 0}
            route-files: [routes.yaml]
            stacks:
              s:
                - cors: {origins: []}
                - body-size: {max: 2MiB, min: 1}
            """,
            ROUTE);
    assertThat(errors.size(), is(2));
    assertThat(errors, everyItem(not(containsString("origins is required"))));
  }

  @Test
  void aPolicyWithErrorsIsNotAlsoUnknown() throws Exception {
    List<String> errors =
        errors(
            """
            server: {port: 0}
            route-files: [routes.yaml]
            rate-limits: {login: {capacity: 0}}
            stacks:
              s:
                - rate-limit: {policy: login}
            """,
            ROUTE);
    assertThat(errors, contains(startsWith("3:33: /rate-limits/login/capacity: ")));
  }

  @Test
  void aStacksArgumentErrorsStillLetTheRoutesBeBuiltForTheirOwnErrors() throws Exception {
    write(
        """
        server: {port: 0}
        route-files: [routes.yaml]
        stacks:
          s:
            - timeout: {after: 0s}
        """,
        ROUTE);
    LoadResult.Invalid r = (LoadResult.Invalid) load();
    assertThat(r.errors().size(), is(1));
    assertThat(r.valid(), not(empty()));
    assertThat(r.valid().get(0).gateway().stacks().get("s").middleware(), is(empty()));
  }

  @Test
  void argumentsResolveWhatTheyName() throws Exception {
    Files.createDirectories(dir.resolve("routes"));
    Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(dir.resolve("schemas/body.json"), "{\"type\": \"object\"}");
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server: {port: 0}
        route-files: [routes/*.yaml]
        rate-limits: {per-client: {capacity: 5}}
        stacks:
          s:
            - rate-limit: {policy: per-client}
        """);
    Files.writeString(
        dir.resolve("routes/r.yaml"),
        """
        routes:
          - id: r
            method: POST
            path: /
            stack: s
            middleware:
              - json-schema: {schema: ../schemas/body.json}   # relative to this file
            static: {}
        """);
    ConfigSnapshot s = ((LoadResult.Loaded) load()).snapshot();
    RateLimitArgs limit = (RateLimitArgs) s.gateway().stacks().get("s").middleware().get(0).args();
    assertThat(limit.policy(), is(s.gateway().rateLimits().get("per-client")));
    JsonSchemaArgs schema = (JsonSchemaArgs) s.routes().get(0).middleware().get(0).args();
    assertThat(schema.file(), is(dir.resolve("schemas/body.json")));
  }

  /** Every error, as {@code line:column: pointer: message} (all in gateway.yaml or routes.yaml). */
  private List<String> errors(String gateway, String routes) throws Exception {
    write(gateway, routes);
    LoadResult r = load();
    if (r instanceof LoadResult.Loaded) {
      return List.of();
    }
    return ((LoadResult.Invalid) r)
        .errors().stream()
            .map(ConfigError::format)
            .map(line -> line.substring(line.indexOf(".yaml:") + ".yaml:".length()))
            .toList();
  }

  private void write(String gateway, String routes) throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), gateway);
    Files.writeString(dir.resolve("routes.yaml"), routes);
  }

  private LoadResult load() throws Exception {
    return new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
  }
}
