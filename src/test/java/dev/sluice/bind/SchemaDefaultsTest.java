package dev.sluice.bind;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ApiKeyArgs;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.CorsArgs;
import dev.sluice.spec.GatewaySpec;
import dev.sluice.spec.JwtArgs;
import dev.sluice.spec.MiddlewareSpec;
import dev.sluice.spec.SecurityHeadersArgs;
import dev.sluice.units.Durations;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults live in the binders' records (docs/decisions.md); a {@code default} in a schema only
 * documents one for editors and readers. Each must be what binding gives when the key is left out,
 * and a new one in a schema must be added here.
 */
class SchemaDefaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyDefaultInTheSchemasIsWhatBindingGivesWhenTheKeyIsLeftOut() throws Exception {
    GatewaySpec g = leftOut().gateway();
    List<MiddlewareSpec> s = g.stacks().get("s").middleware();
    SecurityHeadersArgs headers = (SecurityHeadersArgs) s.get(0).args();
    CorsArgs cors = (CorsArgs) s.get(1).args();
    ApiKeyArgs apiKey = (ApiKeyArgs) s.get(2).args();
    JwtArgs jwt = (JwtArgs) s.get(3).args();
    Map<String, Object> bound =
        Map.ofEntries(
            Map.entry("gateway /$defs/server/properties/host", g.server().host()),
            Map.entry("gateway /$defs/server/properties/port", g.server().port()),
            Map.entry(
                "gateway /$defs/telemetry/properties/metrics/properties/enabled",
                g.telemetry().metrics().enabled()),
            Map.entry(
                "gateway /$defs/telemetry/properties/metrics/properties/host",
                g.telemetry().metrics().host()),
            Map.entry(
                "gateway /$defs/telemetry/properties/metrics/properties/path",
                g.telemetry().metrics().path()),
            Map.entry(
                "gateway /$defs/telemetry/properties/tracing/properties/enabled",
                g.telemetry().tracing().enabled()),
            Map.entry(
                "gateway /$defs/args-security-headers/properties/frame-options",
                headers.frameOptions().orElseThrow()),
            Map.entry(
                "gateway /$defs/args-security-headers/properties/referrer-policy",
                headers.referrerPolicy().orElseThrow()),
            Map.entry(
                "gateway /$defs/args-security-headers/properties/content-type-options",
                headers.contentTypeOptions()),
            Map.entry("gateway /$defs/args-cors/properties/credentials", cors.credentials()),
            Map.entry("gateway /$defs/authApiKey/properties/header", apiKey.header()),
            Map.entry("gateway /$defs/authJwt/properties/jwks/properties/refresh", jwt.refresh()),
            Map.entry("gateway /$defs/authJwt/properties/clock-skew", jwt.clockSkew()));
    Map<String, JsonNode> documented = new TreeMap<>();
    documented.putAll(defaults("gateway"));
    documented.putAll(defaults("route"));
    assertThat(documented.keySet(), is(new TreeMap<>(bound).keySet()));
    documented.forEach(
        (where, value) -> assertThat(where, read(value, bound.get(where)), is(bound.get(where))));
  }

  /** A config leaving out every key that has a default. */
  private ConfigSnapshot leftOut() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server: {}
        route-files: [routes.yaml]
        stacks:
          s:
            - security-headers
            - cors: {origins: ["*"]}
            - auth: {api-key: {keys: [{name: a, sha256: %s}]}}
            - auth: {jwt: {algorithms: [ES256], jwks: {url: "https://id.test/jwks"}, audience: any}}
        """
            .formatted("a".repeat(64)));
    Files.writeString(
        dir.resolve("routes.yaml"),
        "routes:\n  - {id: r, method: GET, path: /, stack: s, static: {body: ok}}\n");
    LoadResult r = new ConfigLoader(Environment.of(Map.of())).load(dir.resolve("gateway.yaml"));
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError(i.errors());
    }
    return ((LoadResult.Loaded) r).snapshot();
  }

  /** Every {@code default} keyword of a schema, by the pointer of the property it is in. */
  private static Map<String, JsonNode> defaults(String schema) throws Exception {
    JsonNode root;
    try (InputStream in =
        SchemaDefaultsTest.class.getResourceAsStream("/schemas/" + schema + ".schema.json")) {
      root = JSON.readTree(in);
    }
    Map<String, JsonNode> out = new TreeMap<>();
    collect(root, "", schema, out);
    return out;
  }

  private static void collect(JsonNode node, String at, String schema, Map<String, JsonNode> out) {
    if (node.isObject() && node.has("default") && !at.endsWith("/properties")) {
      out.put(schema + " " + at, node.get("default"));
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!(e.getKey().equals("default") && !at.endsWith("/properties"))) {
        collect(e.getValue(), at + "/" + e.getKey(), schema, out);
      }
    }
    for (int i = 0; node.isArray() && i < node.size(); i++) {
      collect(node.get(i), at + "/" + i, schema, out);
    }
  }

  /** The schema's value as the Java type binding gives. */
  private static Object read(JsonNode value, Object like) {
    return switch (like) {
      case Duration d -> Durations.duration(value.asText());
      case Boolean b -> value.asBoolean();
      case Integer i -> value.asInt();
      default -> value.asText();
    };
  }
}
