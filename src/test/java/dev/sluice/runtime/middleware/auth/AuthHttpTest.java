package dev.sluice.runtime.middleware.auth;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth middleware through the production routing (configs/auth): API keys, HS256 tokens, and
 * RS256/ES256 tokens whose JWKS this test serves on loopback or writes to a file.
 */
class AuthHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "test-secret-" + UUID.randomUUID() + "-padding";
  private static final String CI_KEY = "ci-key-0123456789";
  private static final String OPS_KEY = "ops-key-9876543210";
  private static final String API_KEY_CHALLENGE = "ApiKey header=\"X-Api-Key\", query=\"api_key\"";

  @TempDir static Path dir;
  private static JwksServer jwks;
  private static RunningGateway gateway;
  private static RSAKey rsa;
  private static ECKey ec;
  private static ECKey ecFile;

  @BeforeAll
  static void start() throws Exception {
    rsa = Tokens.rsa("rsa-1");
    ec = Tokens.ec("ec-1");
    ecFile = Tokens.ec("ec-file");
    jwks = new JwksServer();
    jwks.publish("/jwks.json", List.of(rsa, ec));
    jwks.publish("/flood/jwks.json", List.of(rsa));
    Path file = dir.resolve("keys.json");
    Files.writeString(file, new JWKSet(ecFile).toPublicJWKSet().toString());
    gateway =
        RunningGateway.start(
            Path.of("src/test/resources/configs/auth/gateway.yaml"),
            Map.of(
                "JWT_SECRET",
                SECRET,
                "JWKS_URL",
                jwks.baseUrl(),
                "JWKS_FILE",
                file.toString(),
                "SLUICE_LOG_LEVEL",
                "error"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (jwks != null) {
      jwks.close();
    }
  }

  // --- api-key ---

  @Test
  void apiKeyInTheHeaderIsAccepted() throws Exception {
    HttpResponse<String> res = get("/key", "X-Api-Key", CI_KEY);
    assertThat(res.body(), res.statusCode(), is(200));
    assertThat(res.body(), is("key ok"));
  }

  @Test
  void apiKeyInTheQueryIsAccepted() throws Exception {
    HttpResponse<String> res = get("/key?api_key=" + OPS_KEY);
    assertThat(res.body(), res.statusCode(), is(200));
  }

  @Test
  void wrongApiKeyIs401WithApiKeyChallenge() throws Exception {
    HttpResponse<String> res = get("/key", "X-Api-Key", CI_KEY + "x");
    assertUnauthorized(res, API_KEY_CHALLENGE, "the API key is not valid");
    assertThat(res.body(), not(containsString(CI_KEY)));
  }

  @Test
  void wrongApiKeyInTheQueryIs401() throws Exception {
    assertUnauthorized(get("/key?api_key=nope"), API_KEY_CHALLENGE, "not valid");
  }

  @Test
  void missingApiKeyIs401WithApiKeyChallenge() throws Exception {
    assertUnauthorized(get("/key"), API_KEY_CHALLENGE, "an API key is required");
  }

  @Test
  void apiKeyOnARouteAloneHasTheDefaultHeader() throws Exception {
    assertThat(get("/route-level", "X-Api-Key", CI_KEY).statusCode(), is(200));
    HttpResponse<String> res = get("/route-level?api_key=" + CI_KEY);
    assertUnauthorized(res, "ApiKey header=\"X-Api-Key\"", "X-Api-Key header");
  }

  @Test
  void apiKeyClaimsReachTheHandler() throws Exception {
    HttpResponse<String> res = get("/key/whoami", "X-Api-Key", OPS_KEY);
    assertThat(res.body(), res.statusCode(), is(200));
    JsonNode row = JSON.readTree(res.body());
    assertThat(row.path("sub").asText(), is("ops"));
    assertThat(row.path("auth").asText(), is("api-key"));
  }

  // --- Cache-Control (issue 18 item 9) ---

  @Test
  void authenticatedResponsesAreNotStoredByCaches() throws Exception {
    HttpResponse<String> key = get("/key", "X-Api-Key", CI_KEY);
    assertThat(key.statusCode(), is(200));
    assertThat(key.headers().allValues("Cache-Control"), contains("no-store"));
    HttpResponse<String> jwt = bearer("/rs", Tokens.rs256(rsa, claims().build()));
    assertThat(jwt.statusCode(), is(200));
    assertThat(jwt.headers().allValues("Cache-Control"), contains("no-store"));
    HttpResponse<String> sql = get("/key/whoami", "X-Api-Key", OPS_KEY);
    assertThat(sql.statusCode(), is(200));
    assertThat(sql.headers().allValues("Cache-Control"), contains("no-store"));
    // refusals are problems, never stored either
    assertThat(get("/key").headers().allValues("Cache-Control"), contains("no-store"));
  }

  @Test
  void aRouteThatSetsItsOwnCacheControlKeepsIt() throws Exception {
    HttpResponse<String> res = get("/key/cached", "X-Api-Key", CI_KEY);
    assertThat(res.statusCode(), is(200));
    assertThat(res.headers().allValues("Cache-Control"), contains("private, max-age=60"));
  }

  // --- jwt: HS256 ---

  @Test
  void goodHs256TokenIsAccepted() throws Exception {
    HttpResponse<String> res = bearer("/hs", Tokens.hs256(SECRET, claims().build()));
    assertThat(res.body(), res.statusCode(), is(200));
    assertThat(res.body(), is("hs ok"));
  }

  @Test
  void tokenClaimsReachTheHandler() throws Exception {
    JWTClaimsSet c = claims().claim("scope", "users:read").build();
    HttpResponse<String> res = bearer("/hs/whoami", Tokens.hs256(SECRET, c));
    assertThat(res.body(), res.statusCode(), is(200));
    JsonNode row = JSON.readTree(res.body());
    assertThat(row.path("sub").asText(), is("ada"));
    assertThat(row.path("scope").asText(), is("users:read"));
    // dates are claims in seconds since the epoch, as in the token
    assertThat(row.path("exp").asLong(), is(c.getExpirationTime().toInstant().getEpochSecond()));
  }

  @Test
  void missingBearerTokenIs401WithBareChallenge() throws Exception {
    assertUnauthorized(get("/hs"), "Bearer", "a bearer token is required");
    assertUnauthorized(get("/hs", "Authorization", "Basic YTpi"), "Bearer", "bearer token");
  }

  @Test
  void malformedTokenIs401() throws Exception {
    assertInvalidToken(bearer("/hs", "not-a-jwt"), "malformed");
    assertInvalidToken(get("/hs", "Authorization", "Bearer a b"), "malformed");
  }

  @Test
  void badSignatureIs401() throws Exception {
    String token = Tokens.hs256("another-secret-of-at-least-32-bytes!!", claims().build());
    assertInvalidToken(bearer("/hs", token), "signature does not verify");
  }

  @Test
  void tamperedPayloadIs401() throws Exception {
    String token = Tokens.hs256(SECRET, claims().build());
    String[] parts = token.split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                claims().subject("root").build().toString().getBytes(StandardCharsets.UTF_8));
    assertInvalidToken(bearer("/hs", parts[0] + "." + forged + "." + parts[2]), "signature");
  }

  @Test
  void algNoneIs401() throws Exception {
    String token = Tokens.unsigned(claims().build());
    assertInvalidToken(bearer("/hs", token), "alg none");
    // the same, with a signature part appended
    assertInvalidToken(bearer("/hs", token + "c2ln"), "malformed");
  }

  @Test
  void expiredTokenIs401() throws Exception {
    Instant now = Instant.now();
    String token =
        Tokens.hs256(SECRET, claims().expirationTime(Date.from(now.minusSeconds(60))).build());
    assertInvalidToken(bearer("/hs", token), "expired");
  }

  @Test
  void expiryWithinTheClockSkewIsAccepted() throws Exception {
    Instant now = Instant.now();
    String token =
        Tokens.hs256(SECRET, claims().expirationTime(Date.from(now.minusSeconds(10))).build());
    assertThat(bearer("/hs", token).statusCode(), is(200));
  }

  @Test
  void tokenWithoutExpiryIs401() throws Exception {
    String token = Tokens.hs256(SECRET, claims().expirationTime(null).build());
    assertInvalidToken(bearer("/hs", token), "no expiry");
  }

  @Test
  void notBeforeBeyondTheSkewIs401() throws Exception {
    Instant now = Instant.now();
    String future =
        Tokens.hs256(SECRET, claims().notBeforeTime(Date.from(now.plusSeconds(120))).build());
    assertInvalidToken(bearer("/hs", future), "not valid yet");
    String withinSkew =
        Tokens.hs256(SECRET, claims().notBeforeTime(Date.from(now.plusSeconds(10))).build());
    assertThat(bearer("/hs", withinSkew).statusCode(), is(200));
  }

  @Test
  void wrongAudienceIs401() throws Exception {
    String token = Tokens.hs256(SECRET, claims().audience("someone-else").build());
    assertInvalidToken(bearer("/hs", token), "audience");
    String none = Tokens.hs256(SECRET, claims().audience((String) null).build());
    assertInvalidToken(bearer("/hs", none), "audience");
  }

  @Test
  void wrongIssuerIs401() throws Exception {
    String token = Tokens.hs256(SECRET, claims().issuer("https://evil.test").build());
    assertInvalidToken(bearer("/hs", token), "issuer");
  }

  @Test
  void rs256TokenOnAnHs256RouteIs401() throws Exception {
    assertInvalidToken(bearer("/hs", Tokens.rs256(rsa, claims().build())), "algorithm");
  }

  @Test
  void missingRequiredClaimIs403() throws Exception {
    HttpResponse<String> res = bearer("/hs/write", Tokens.hs256(SECRET, claims().build()));
    assertForbidden(res, "lacks the required claim scope");
    res = bearer("/hs/email", Tokens.hs256(SECRET, claims().build()));
    assertForbidden(res, "lacks the required claim email");
  }

  @Test
  void requiredClaimValueMustBePresent() throws Exception {
    String readOnly = Tokens.hs256(SECRET, claims().claim("scope", "users:read").build());
    assertForbidden(bearer("/hs/write", readOnly), "scope does not include users:write");
    String both = Tokens.hs256(SECRET, claims().claim("scope", "users:read users:write").build());
    assertThat(bearer("/hs/write", both).statusCode(), is(200));
    String email = Tokens.hs256(SECRET, claims().claim("email", "ada@example.com").build());
    assertThat(bearer("/hs/email", email).statusCode(), is(200));
  }

  @Test
  void invalidTokenOnARouteWithRequiredClaimsIs401Not403() throws Exception {
    String token =
        Tokens.hs256(
            SECRET,
            claims()
                .claim("scope", "users:write")
                .expirationTime(Date.from(Instant.now().minusSeconds(3600)))
                .build());
    assertInvalidToken(bearer("/hs/write", token), "expired");
  }

  // --- jwt: RS256 / ES256 from a JWKS ---

  @Test
  void rs256AndEs256FromTheJwksAreAccepted() throws Exception {
    HttpResponse<String> res = bearer("/rs", Tokens.rs256(rsa, claims().build()));
    assertThat(res.body(), res.statusCode(), is(200));
    res = bearer("/rs", Tokens.es256(ec, claims().audience(List.of("other", "x")).build()));
    assertThat(res.body(), res.statusCode(), is(200));
  }

  @Test
  void hs256SignedWithTheRsaPublicKeyIs401() throws Exception {
    JWTClaimsSet c = claims().build();
    byte[] der = rsa.toRSAPublicKey().getEncoded();
    byte[] pem =
        ("-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END PUBLIC KEY-----\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] jwk = rsa.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
    for (byte[] bytes : List.of(der, pem, jwk)) {
      // RS256 only: HS256 is not an accepted algorithm
      assertInvalidToken(bearer("/rs", Tokens.hs256(bytes, "rsa-1", c)), "algorithm");
      // HS256 and RS256: HS256 is verified with the secret only, never a JWKS key
      assertInvalidToken(bearer("/mixed", Tokens.hs256(bytes, "rsa-1", c)), "signature");
    }
    assertThat(bearer("/mixed", Tokens.hs256(SECRET, c)).statusCode(), is(200));
    assertThat(bearer("/mixed", Tokens.rs256(rsa, c)).statusCode(), is(200));
  }

  @Test
  void rs256WithWrongIssuerOrAudienceIs401() throws Exception {
    assertInvalidToken(
        bearer("/rs", Tokens.rs256(rsa, claims().issuer("https://evil.test").build())), "issuer");
    assertInvalidToken(
        bearer("/rs", Tokens.rs256(rsa, claims().audience("nobody").build())), "audience");
  }

  @Test
  void unknownSigningKeyIs401() throws Exception {
    RSAKey stranger = Tokens.rsa("stranger");
    assertInvalidToken(bearer("/rs", Tokens.rs256(stranger, claims().build())), "no key matches");
    // a key id the JWKS has, but another key behind it
    RSAKey impostor = Tokens.rsa("rsa-1");
    assertInvalidToken(bearer("/rs", Tokens.rs256(impostor, claims().build())), "signature");
  }

  @Test
  void keyRotationIsPickedUpWithoutRestart() throws Exception {
    RSAKey first = Tokens.rsa("first");
    RSAKey second = Tokens.rsa("second");
    jwks.publish("/rotate/jwks.json", List.of(first));
    assertThat(bearer("/rotate", Tokens.rs256(first, claims().build())).statusCode(), is(200));
    int fetches = jwks.hits("/rotate/jwks.json");

    jwks.publish("/rotate/jwks.json", List.of(first, second));
    HttpResponse<String> res = bearer("/rotate", Tokens.rs256(second, claims().build()));
    assertThat(res.body(), res.statusCode(), is(200));
    assertThat(jwks.hits("/rotate/jwks.json"), is(fetches + 1));
    // known kids are served from the cache
    assertThat(bearer("/rotate", Tokens.rs256(first, claims().build())).statusCode(), is(200));
    assertThat(jwks.hits("/rotate/jwks.json"), is(fetches + 1));
  }

  @Test
  void aFloodOfUnknownKeyIdsCannotHammerTheJwksEndpoint() throws Exception {
    // the keys are cached first: a request finding the first fetch in progress is a 503, not a 401
    assertThat(bearer("/flood", Tokens.rs256(rsa, claims().build())).statusCode(), is(200));
    RSAKey attacker = Tokens.rsa("x");
    List<Future<HttpResponse<String>>> sent = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 40; i++) {
        RSAKey k = new RSAKey.Builder(attacker).keyID(UUID.randomUUID().toString()).build();
        String token = Tokens.rs256(k, claims().build());
        sent.add(pool.submit(() -> bearer("/flood", token)));
      }
    }
    for (Future<HttpResponse<String>> f : sent) {
      assertInvalidToken(f.get(), "no key matches");
    }
    assertThat(
        jwks.hits("/flood/jwks.json"),
        allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(JwksKeys.FETCHES_PER_INTERVAL)));
    // known keys still work
    assertThat(bearer("/flood", Tokens.rs256(rsa, claims().build())).statusCode(), is(200));
  }

  @Test
  void unreachableJwksIs503AndRateLimited() throws Exception {
    for (int i = 0; i < 10; i++) {
      HttpResponse<String> res = bearer("/down", Tokens.es256(ec, claims().build()));
      assertThat(res.body(), res.statusCode(), is(503));
      assertThat(
          res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
    }
    assertThat(jwks.hits("/down/jwks.json"), lessThanOrEqualTo(JwksKeys.FETCHES_PER_INTERVAL));
  }

  @Test
  void es256FromAJwksFile() throws Exception {
    HttpResponse<String> res = bearer("/es-file", Tokens.es256(ecFile, claims().build()));
    assertThat(res.body(), res.statusCode(), is(200));
    assertInvalidToken(bearer("/es-file", Tokens.es256(ec, claims().build())), "no key matches");
  }

  // --- helpers ---

  private static JWTClaimsSet.Builder claims() {
    return Tokens.claims("ada", Map.of());
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return gateway.send(b);
  }

  private static HttpResponse<String> bearer(String path, String token) throws Exception {
    return get(path, "Authorization", "Bearer " + token);
  }

  private static void assertUnauthorized(HttpResponse<String> res, String challenge, String detail)
      throws Exception {
    assertThat(res.body(), res.statusCode(), is(401));
    assertThat(res.headers().firstValue("WWW-Authenticate").orElseThrow(), is(challenge));
    assertThat(
        res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
    JsonNode body = JSON.readTree(res.body());
    assertThat(body.path("status").asInt(), is(401));
    assertThat(body.path("detail").asText(), containsString(detail));
  }

  private static void assertInvalidToken(HttpResponse<String> res, String description)
      throws Exception {
    assertThat(res.body(), res.statusCode(), is(401));
    String challenge = res.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge, containsString("Bearer error=\"invalid_token\", error_description=\""));
    assertThat(challenge, containsString(description));
    assertThat(
        res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
    assertThat(JSON.readTree(res.body()).path("detail").asText(), containsString(description));
    String token = res.request().headers().firstValue("Authorization").orElse("Bearer ");
    String raw = token.substring("Bearer ".length());
    if (raw.length() > 8) {
      assertThat(res.body(), not(containsString(raw)));
      assertThat(challenge, not(containsString(raw)));
    }
  }

  private static void assertForbidden(HttpResponse<String> res, String detail) throws Exception {
    assertThat(res.body(), res.statusCode(), is(403));
    String challenge = res.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge, containsString("Bearer error=\"insufficient_scope\""));
    assertThat(JSON.readTree(res.body()).path("detail").asText(), containsString(detail));
  }
}
