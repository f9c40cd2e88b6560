package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

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

/** security-headers through the production routing, on answers and on problems. */
class SecurityHeadersMiddlewareTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("src/test/resources/configs/net/security-headers/gateway.yaml");

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
  void aBareNameSendsTheDefaults() throws Exception {
    HttpResponse<String> res = get("/defaults");
    assertThat(res.statusCode(), is(200));
    assertDefaults(res.headers());
  }

  @Test
  void configuredHeaders() throws Exception {
    HttpResponse<String> res = get("/strict");
    assertThat(res.statusCode(), is(200));
    HttpHeaders h = res.headers();
    assertThat(
        h.firstValue("Strict-Transport-Security"),
        is(Optional.of("max-age=15552000; includeSubDomains")));
    assertThat(h.firstValue("X-Frame-Options"), is(Optional.of("SAMEORIGIN")));
    assertThat(h.firstValue("Referrer-Policy"), is(Optional.of("strict-origin-when-cross-origin")));
    assertThat(h.firstValue("X-Content-Type-Options"), is(Optional.of("nosniff")));
    assertThat(h.firstValue("Content-Security-Policy"), is(Optional.of("default-src 'none'")));
  }

  @Test
  void aProblemFromLaterInTheChainCarriesThem() throws Exception {
    HttpResponse<String> res = get("/strict/refused");
    assertThat(res.statusCode(), is(403));
    assertThat(
        res.headers().firstValue("Content-Type"), is(Optional.of("application/problem+json")));
    assertThat(JSON.readTree(res.body()).path("status").asInt(), is(403));
    assertThat(
        res.headers().firstValue("Strict-Transport-Security"),
        is(Optional.of("max-age=15552000; includeSubDomains")));
    assertThat(res.headers().firstValue("Content-Security-Policy").isPresent(), is(true));
  }

  @Test
  void theUnmatchedStackCoversNotFoundAndMethodNotAllowed() throws Exception {
    HttpResponse<String> notFound = get("/nope");
    assertThat(notFound.statusCode(), is(404));
    assertDefaults(notFound.headers());
    HttpResponse<String> notAllowed =
        http.send(
            HttpRequest.newBuilder(uri("/defaults"))
                .DELETE()
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(notAllowed.statusCode(), is(405));
    assertDefaults(notAllowed.headers());
  }

  @Test
  void falseTurnsAHeaderOff() throws Exception {
    HttpHeaders h = get("/relaxed").headers();
    assertThat(h.firstValue("X-Frame-Options"), is(Optional.empty()));
    assertThat(h.firstValue("Referrer-Policy"), is(Optional.empty()));
    assertThat(h.firstValue("X-Content-Type-Options"), is(Optional.empty()));
  }

  @Test
  void aHeaderTheRouteSetsItselfWins() throws Exception {
    HttpHeaders h = get("/own").headers();
    assertThat(h.allValues("X-Frame-Options"), is(java.util.List.of("SAMEORIGIN")));
    assertThat(h.firstValue("Referrer-Policy"), is(Optional.of("no-referrer")));
  }

  private static void assertDefaults(HttpHeaders h) {
    assertThat(h.firstValue("X-Content-Type-Options"), is(Optional.of("nosniff")));
    assertThat(h.firstValue("Referrer-Policy"), is(Optional.of("no-referrer")));
    assertThat(h.firstValue("X-Frame-Options"), is(Optional.of("DENY")));
    assertThat(h.firstValue("Strict-Transport-Security"), is(Optional.empty()));
    assertThat(h.firstValue("Content-Security-Policy"), is(Optional.empty()));
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + gateway.port() + path);
  }
}
