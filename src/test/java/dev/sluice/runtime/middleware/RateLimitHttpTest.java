package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.ConfigError;
import dev.sluice.testing.GatewayExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rate-limit middleware on the local store, through the production routing over HTTP. */
class RateLimitHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/ratelimit/local/gateway.yaml");
  @RegisterExtension static final GatewayExtension gateway = GatewayExtension.of(CONFIG);

  @Test
  void allowsTheBurstThenRefusesWith429AndRetryAfter() throws Exception {
    // capacity 3, refilled 3 per hour: a token every 1200 s, and the reset is the time until the
    // next one is back. The reset of a new bucket is exact; later ones may be a second or two
    // short of the ideal value, as time passes between the requests (LocalStoreTest checks the
    // exact values on a clock it controls).
    long[][] expected = {{2, 1200}, {1, 1200}, {0, 1200}};
    for (long[] e : expected) {
      HttpResponse<String> ok = gateway.get("/limited");
      assertThat(ok.body(), ok.statusCode(), is(200));
      assertThat(ok.body(), is("ok"));
      assertThat(header(ok, "RateLimit-Limit"), is("3"));
      assertThat(header(ok, "RateLimit-Remaining"), is(String.valueOf(e[0])));
      assertThat(seconds(ok, "RateLimit-Reset"), within(e[1]));
      assertThat(ok.headers().firstValue("Retry-After").isPresent(), is(false));
    }
    HttpResponse<String> refused =
        gateway.send(
            HttpRequest.newBuilder(gateway.uri("/limited")).header("X-Request-Id", "rid-429"));
    assertThat(refused.statusCode(), is(429));
    assertThat(header(refused, "Content-Type"), is("application/problem+json"));
    long retryAfter = seconds(refused, "Retry-After");
    assertThat(retryAfter, within(1200));
    assertThat(header(refused, "RateLimit-Limit"), is("3"));
    assertThat(header(refused, "RateLimit-Remaining"), is("0"));
    // one moment in both fields (issue 15)
    assertThat(seconds(refused, "RateLimit-Reset"), is(retryAfter));
    assertThat(header(refused, "X-Request-Id"), is("rid-429"));
    JsonNode body = JSON.readTree(refused.body());
    assertThat(body.size(), is(6));
    assertThat(body.path("type").asText(), is("about:blank"));
    assertThat(body.path("title").asText(), is("Too Many Requests"));
    assertThat(body.path("status").asInt(), is(429));
    assertThat(
        body.path("detail").asText(),
        is("rate limit \"per-client\" exceeded; retry after " + retryAfter + " seconds"));
    assertThat(body.path("instance").asText(), is("/limited"));
    assertThat(body.path("request_id").asText(), is("rid-429"));
  }

  @Test
  void keyedByHeaderWithOneSharedBucketForRequestsWithoutIt() throws Exception {
    assertThat(withKey("alice").statusCode(), is(200));
    assertThat(withKey("alice").statusCode(), is(200));
    assertThat(withKey("alice").statusCode(), is(429));
    HttpResponse<String> bob = withKey("bob");
    assertThat(bob.statusCode(), is(200));
    assertThat(header(bob, "RateLimit-Remaining"), is("1"));
    // no header and an empty header share the anonymous bucket
    assertThat(gateway.get("/keyed").statusCode(), is(200));
    assertThat(withKey("").statusCode(), is(200));
    assertThat(gateway.get("/keyed").statusCode(), is(429));
    assertThat(withKey("carol").statusCode(), is(200));
  }

  @Test
  void keyedByRouteOneBucketPerRouteForEveryone() throws Exception {
    assertThat(post("/login", "10.0.0.1").statusCode(), is(200));
    assertThat(post("/login", "10.0.0.2").statusCode(), is(200));
    HttpResponse<String> third = post("/login", "10.0.0.3");
    assertThat(third.statusCode(), is(429));
    assertThat(
        JSON.readTree(third.body()).path("detail").asText(),
        matchesPattern("rate limit \"login\" exceeded; retry after 1(79[7-9]|800) seconds"));
    // the same policy on another route is another bucket
    HttpResponse<String> signup = post("/signup", "10.0.0.1");
    assertThat(signup.statusCode(), is(200));
    assertThat(header(signup, "RateLimit-Remaining"), is("1"));
  }

  @Test
  void keyedByClaimOneBucketPerCallerAndOneForAnonymousCallers() throws Exception {
    // api-key auth sets sub to the key's name
    assertThat(byClaim("ci-key-0123456789").statusCode(), is(200));
    assertThat(byClaim("ci-key-0123456789").statusCode(), is(200));
    assertThat(byClaim("ci-key-0123456789").statusCode(), is(429));
    HttpResponse<String> ops = byClaim("ops-key-9876543210");
    assertThat(ops.statusCode(), is(200));
    assertThat(header(ops, "RateLimit-Remaining"), is("1"));
    // without auth every caller is anonymous: they share one bucket of the same policy
    assertThat(gateway.get("/by-claim-anonymous").statusCode(), is(200));
    assertThat(gateway.get("/by-claim-anonymous").statusCode(), is(200));
    assertThat(gateway.get("/by-claim-anonymous").statusCode(), is(429));
  }

  @Test
  void twoLimitsShowTheMoreRestrictive() throws Exception {
    HttpResponse<String> res = gateway.get("/two-limits");
    assertThat(res.statusCode(), is(200));
    assertThat(header(res, "RateLimit-Limit"), is("5"));
    assertThat(header(res, "RateLimit-Remaining"), is("4"));
  }

  @Test
  void unknownPolicyIsAConfigErrorWithASuggestion() throws Exception {
    LoadResult r =
        new ConfigLoader(Environment.system())
            .load(Path.of("src/test/resources/configs/ratelimit/unknown-policy/gateway.yaml"));
    List<String> messages =
        ((LoadResult.Invalid) r).errors().stream().map(ConfigError::message).toList();
    assertThat(
        messages,
        hasItem(
            "rate-limit: unknown rate-limit policy \"per-clinet\" (did you mean \"per-client\"?)"));
    assertThat(
        String.join("\n", messages), containsString("rate-limit needs a policy from rate-limits:"));
  }

  private static HttpResponse<String> byClaim(String apiKey) throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(gateway.uri("/by-claim")).header("X-Api-Key", apiKey));
  }

  private static HttpResponse<String> withKey(String key) throws Exception {
    return gateway.send(HttpRequest.newBuilder(gateway.uri("/keyed")).header("X-Api-Key", key));
  }

  private static HttpResponse<String> post(String path, String forwardedFor) throws Exception {
    return gateway.send(
        HttpRequest.newBuilder(gateway.uri(path))
            .header("X-Forwarded-For", forwardedFor)
            .POST(HttpRequest.BodyPublishers.noBody()));
  }

  private static long seconds(HttpResponse<?> res, String name) {
    return Long.parseLong(header(res, name));
  }

  /** {@code ideal}, or up to 3 s less. */
  private static org.hamcrest.Matcher<Long> within(long ideal) {
    return allOf(greaterThanOrEqualTo(ideal - 3), lessThanOrEqualTo(ideal));
  }

  private static String header(HttpResponse<?> res, String name) {
    return res.headers().firstValue(name).orElse("(none)");
  }
}
