package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.GatewayExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** cors through the production routing: preflights, actual requests, refusals. */
class CorsMiddlewareTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LOCAL = "http://localhost:3000";

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("src/test/resources/configs/net/cors/gateway.yaml");

  private static HttpClient http;

  @BeforeAll
  static void start() throws Exception {
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (http != null) {
      http.close();
    }
  }

  @Test
  void aPreflightOnAGetOnlyPathIsAnsweredByTheRoutesCors() throws Exception {
    HttpResponse<String> res =
        send(
            "OPTIONS",
            "/api/items",
            "Origin",
            LOCAL,
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "content-type, authorization");
    assertThat(res.statusCode(), is(204));
    assertThat(res.body(), is(""));
    HttpHeaders h = res.headers();
    assertThat(h.firstValue("Access-Control-Allow-Origin"), is(Optional.of(LOCAL)));
    assertThat(h.firstValue("Access-Control-Allow-Credentials"), is(Optional.of("true")));
    assertThat(h.firstValue("Access-Control-Allow-Methods"), is(Optional.of("GET, POST, DELETE")));
    assertThat(
        h.firstValue("Access-Control-Allow-Headers"),
        is(Optional.of("Content-Type, Authorization")));
    assertThat(h.firstValue("Access-Control-Max-Age"), is(Optional.of("600")));
    assertThat(
        h.firstValue("Vary"),
        is(Optional.of("Origin, Access-Control-Request-Method, Access-Control-Request-Headers")));
    assertThat(h.firstValue("Access-Control-Expose-Headers"), is(Optional.empty()));
    // the stack's request-id ran before cors; the handler did not run
    assertThat(h.firstValue("X-Request-Id").isPresent(), is(true));
  }

  @Test
  void aPreflightForDeleteReachesTheDeleteRouteWithoutRunningItsHandler() throws Exception {
    HttpResponse<String> res =
        send(
            "OPTIONS",
            "/api/items/7",
            "Origin",
            "https://shop.example.com",
            "Access-Control-Request-Method",
            "DELETE");
    assertThat(res.statusCode(), is(204));
    assertThat(res.body(), is(""));
    assertThat(
        res.headers().firstValue("Access-Control-Allow-Origin"),
        is(Optional.of("https://shop.example.com")));
    assertThat(res.headers().firstValue("Access-Control-Allow-Headers").isPresent(), is(true));
  }

  @ParameterizedTest(name = "origin {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://localhost:3000|204",
        "HTTP://LOCALHOST:3000|204",
        "https://app.example.com|204",
        "https://a.b.example.com|204",
        "https://example.com|403",
        "https://evilexample.com|403",
        "https://app.example.com.evil.net|403",
        "http://app.example.com|403",
        "https://app.example.com:8443|403",
        "http://localhost:3001|403",
        "https://.example.com|403",
        "null|403",
      })
  void preflightOrigins(String origin, int status) throws Exception {
    HttpResponse<String> res =
        send("OPTIONS", "/api/items", "Origin", origin, "Access-Control-Request-Method", "GET");
    assertThat(res.statusCode(), is(status));
    assertThat(
        res.headers().firstValue("Access-Control-Allow-Origin"),
        is(status == 204 ? Optional.of(origin) : Optional.empty()));
  }

  @Test
  void aPreflightFromAnotherOriginIsA403ProblemWithoutCorsHeaders() throws Exception {
    HttpResponse<String> res =
        send(
            "OPTIONS",
            "/api/items",
            "Origin",
            "https://evil.test",
            "Access-Control-Request-Method",
            "GET",
            "X-Request-Id",
            "rid-cors-1");
    assertThat(res.statusCode(), is(403));
    assertThat(
        res.headers().firstValue("Content-Type"), is(Optional.of("application/problem+json")));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
    assertThat(res.headers().firstValue("Access-Control-Allow-Methods"), is(Optional.empty()));
    assertThat(res.headers().firstValue("Vary").orElseThrow(), containsString("Origin"));
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.path("status").asInt(), is(403));
    assertThat(body.path("title").asText(), is("Forbidden"));
    assertThat(
        body.path("detail").asText(),
        is("CORS preflight refused: origin https://evil.test is not allowed"));
    assertThat(body.path("instance").asText(), is("/api/items"));
    assertThat(body.path("request_id").asText(), is("rid-cors-1"));
  }

  @Test
  void aPreflightForAMethodNotListedIsRefused() throws Exception {
    HttpResponse<String> res =
        send("OPTIONS", "/api/items/7", "Origin", LOCAL, "Access-Control-Request-Method", "PUT");
    assertThat(res.statusCode(), is(403));
    assertThat(
        JSON.readTree(res.body()).path("detail").asText(),
        is("CORS preflight refused: method PUT is not allowed"));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
  }

  @Test
  void aPreflightForAHeaderNotListedIsRefused() throws Exception {
    HttpResponse<String> res =
        send(
            "OPTIONS",
            "/api/items",
            "Origin",
            LOCAL,
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "content-type,x-debug");
    assertThat(res.statusCode(), is(403));
    assertThat(
        JSON.readTree(res.body()).path("detail").asText(),
        is("CORS preflight refused: request header x-debug is not allowed"));
  }

  @Test
  void aPreflightToARouteWithoutCorsStaysA405() throws Exception {
    HttpResponse<String> res =
        send("OPTIONS", "/no-cors", "Origin", LOCAL, "Access-Control-Request-Method", "GET");
    assertThat(res.statusCode(), is(405));
    assertThat(res.headers().firstValue("Allow"), is(Optional.of("GET, HEAD")));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
  }

  @Test
  void aPreflightForAMethodNoRouteServesStaysA405() throws Exception {
    HttpResponse<String> res =
        send("OPTIONS", "/api/items", "Origin", LOCAL, "Access-Control-Request-Method", "PATCH");
    assertThat(res.statusCode(), is(405));
    assertThat(res.headers().firstValue("Allow"), is(Optional.of("GET, HEAD")));
  }

  @Test
  void aPlainOptionsRequestIsNoPreflight() throws Exception {
    assertThat(send("OPTIONS", "/api/items", "Origin", LOCAL).statusCode(), is(405));
    assertThat(
        send("OPTIONS", "/api/items", "Access-Control-Request-Method", "GET").statusCode(),
        is(405));
  }

  @Test
  void anOptionsRouteOfThePathKeepsItsPreflights() throws Exception {
    HttpResponse<String> res =
        send("OPTIONS", "/custom", "Origin", LOCAL, "Access-Control-Request-Method", "GET");
    assertThat(res.statusCode(), is(200));
    assertThat(res.body(), is("custom options"));
  }

  @Test
  void anActualRequestFromAnAllowedOriginGetsTheCorsHeaders() throws Exception {
    HttpResponse<String> res = send("GET", "/api/items", "Origin", LOCAL);
    assertThat(res.statusCode(), is(200));
    assertThat(res.body(), is("items"));
    HttpHeaders h = res.headers();
    assertThat(h.firstValue("Access-Control-Allow-Origin"), is(Optional.of(LOCAL)));
    assertThat(h.firstValue("Access-Control-Allow-Credentials"), is(Optional.of("true")));
    assertThat(h.firstValue("Access-Control-Expose-Headers"), is(Optional.of("X-Request-Id")));
    assertThat(h.firstValue("Vary"), is(Optional.of("Origin")));
    assertThat(h.firstValue("Access-Control-Allow-Methods"), is(Optional.empty()));
    assertThat(h.firstValue("Access-Control-Max-Age"), is(Optional.empty()));
  }

  @Test
  void anActualRequestFromAnotherOriginIsServedWithoutCorsHeaders() throws Exception {
    HttpResponse<String> res = send("GET", "/api/items", "Origin", "https://evil.test");
    assertThat(res.statusCode(), is(200));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
    assertThat(res.headers().firstValue("Access-Control-Allow-Credentials"), is(Optional.empty()));
    assertThat(res.headers().firstValue("Vary"), is(Optional.of("Origin")));
  }

  @Test
  void aRequestWithoutOriginStillVariesByOrigin() throws Exception {
    HttpResponse<String> res = send("GET", "/api/items");
    assertThat(res.statusCode(), is(200));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.empty()));
    assertThat(res.headers().firstValue("Vary"), is(Optional.of("Origin")));
  }

  @Test
  void aProblemFromLaterInTheChainCarriesTheCorsHeaders() throws Exception {
    HttpResponse<String> res = send("GET", "/api/forbidden", "Origin", LOCAL);
    assertThat(res.statusCode(), is(403));
    assertThat(
        res.headers().firstValue("Content-Type"), is(Optional.of("application/problem+json")));
    assertThat(res.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.of(LOCAL)));
    assertThat(res.headers().firstValue("Vary"), is(Optional.of("Origin")));
  }

  @Test
  void anyOriginWithoutCredentials() throws Exception {
    HttpResponse<String> actual = send("GET", "/open", "Origin", "https://anyone.test");
    assertThat(actual.statusCode(), is(200));
    assertThat(actual.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.of("*")));
    assertThat(
        actual.headers().firstValue("Access-Control-Allow-Credentials"), is(Optional.empty()));
    assertThat(actual.headers().firstValue("Vary"), is(Optional.empty()));
    HttpResponse<String> preflight =
        send(
            "OPTIONS",
            "/open",
            "Origin",
            "https://anyone.test",
            "Access-Control-Request-Method",
            "GET");
    assertThat(preflight.statusCode(), is(204));
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"), is(Optional.of("*")));
    assertThat(
        preflight.headers().firstValue("Access-Control-Allow-Methods"), is(Optional.of("GET")));
    assertThat(
        preflight.headers().firstValue("Access-Control-Allow-Headers"), is(Optional.empty()));
  }

  @Test
  void wildcardHeadersAndMethodsEchoWhatThePreflightAsks() throws Exception {
    HttpResponse<String> res =
        send(
            "OPTIONS",
            "/echo",
            "Origin",
            LOCAL,
            "Access-Control-Request-Method",
            "GET",
            "Access-Control-Request-Headers",
            "x-one,authorization");
    assertThat(res.statusCode(), is(204));
    assertThat(res.headers().firstValue("Access-Control-Allow-Methods"), is(Optional.of("GET")));
    assertThat(
        res.headers().firstValue("Access-Control-Allow-Headers"),
        is(Optional.of("x-one, authorization")));
    assertThat(
        res.headers().firstValue("Access-Control-Allow-Credentials"), is(Optional.of("true")));
  }

  private static HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
