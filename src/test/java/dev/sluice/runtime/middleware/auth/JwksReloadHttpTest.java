package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import dev.sluice.server.reload.ConfigSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload keeps the keys of a JWKS whose settings did not change (no new fetch), and makes new
 * ones when they did: the keys live in the process's resource cache, keyed by URL and refresh.
 */
class JwksReloadHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private JwksServer jwks;
  private GatewayServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  @Test
  void aReloadKeepsTheKeysOfAnUnchangedJwks() throws Exception {
    RSAKey rsa = Tokens.rsa("rsa-1");
    jwks = new JwksServer();
    jwks.publish("/jwks.json", List.of(rsa));
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, gateway("5m"));
    Files.createDirectories(dir.resolve("routes"));
    Files.writeString(dir.resolve("routes/a.yaml"), routes("/a"));
    ConfigSource source =
        ConfigSource.of(config, Environment.of(Map.of("JWKS_URL", jwks.baseUrl())));
    GatewayRuntime runtime = ((GatewayRuntime.Result.Built) source.load()).runtime();
    server = GatewayServer.start(runtime, Optional.of(source));
    String token = Tokens.rs256(rsa, Tokens.claims("ada", Map.of()).build());

    assertThat(get("/a", token).statusCode(), is(200));
    assertThat(jwks.hits("/jwks.json"), is(1));

    Files.writeString(dir.resolve("routes/a.yaml"), routes("/b"));
    assertThat(reload(), is("applied"));
    assertThat(get("/b", token).statusCode(), is(200));
    assertThat("the same keys, no new fetch", jwks.hits("/jwks.json"), is(1));

    Files.writeString(config, gateway("10m"));
    assertThat(reload(), is("applied"));
    assertThat(get("/b", token).statusCode(), is(200));
    assertThat("another refresh interval: new keys", jwks.hits("/jwks.json"), is(2));
  }

  private static String gateway(String refresh) {
    return """
        server:
          host: 127.0.0.1
          port: 0
        admin:
          port: 0
        logging: {level: error}
        route-files: [routes/*.yaml]
        stacks:
          rs:
            - auth:
                jwt:
                  algorithms: [RS256]
                  audience: sluice
                  jwks: {url: "${JWKS_URL}/jwks.json", refresh: %s}
        """
        .formatted(refresh);
  }

  private static String routes(String path) {
    return """
        routes:
          - {id: r, method: GET, path: %s, stack: rs, static: {body: ok}}
        """
        .formatted(path);
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String reload() throws Exception {
    HttpResponse<String> res =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(res.body()).path("result").asText();
  }
}
