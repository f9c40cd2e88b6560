package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.GatewayExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped config with nothing installed: the users routes on the embedded H2 database; writes
 * need the API key (issue 18: an unauthenticated DELETE used to delete the row).
 */
class EmbeddedDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Its SHA-256 is the one given the shipped config below. */
  private static final String KEY = "sluice-test-api-key";

  /** printf %s sluice-test-api-key | sha256sum */
  private static final String KEY_SHA256 =
      "2d224a799f247cfb8a231eeeedf3c315fca9b6c164d7552b8b5a7c4466a4facb";

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("config/gateway.yaml")
          .env("SLUICE_DB_URL", "")
          .env("SLUICE_LOG_LEVEL", "warn")
          .env("SLUICE_API_KEY_SHA256", KEY_SHA256);

  @Test
  void servesUsersFromTheEmbeddedDatabase() throws Exception {
    HttpResponse<String> res = gateway.get("/users/1");
    assertThat(res.body(), res.statusCode(), is(200));
    JsonNode user = JSON.readTree(res.body());
    assertThat(user.path("id").asLong(), is(1L));
    assertThat(user.path("name").asText(), is("Ada Lovelace"));
    assertThat(user.path("created_at").asText(), matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"));
    assertThat(gateway.get("/readyz").statusCode(), is(200));
  }

  @Test
  void theSameWritesWorkWithoutInsertReturning() throws Exception {
    HttpResponse<String> created =
        write(post("{\"name\":\"Barbara Liskov\",\"email\":\"barbara@example.com\"}"), KEY);
    assertThat(created.body(), created.statusCode(), is(201));
    JsonNode row = JSON.readTree(created.body());
    assertThat(row.path("name").asText(), is("Barbara Liskov"));
    long id = row.path("id").asLong();
    HttpResponse<String> dup =
        write(post("{\"name\":\"B\",\"email\":\"barbara@example.com\"}"), KEY);
    assertThat(dup.statusCode(), is(409));
    assertThat(write(delete(id), KEY).statusCode(), is(204));
    assertThat(write(delete(id), KEY).statusCode(), is(404));
    assertThat(JSON.readTree(gateway.get("/users?limit=2").body()).size(), is(2));
  }

  @Test
  void anUnauthenticatedDeleteOrCreateIsRefused() throws Exception {
    for (String key : new String[] {"", "guess"}) {
      HttpResponse<String> del = write(delete(1), key);
      assertThat(del.body(), del.statusCode(), is(401));
      assertThat(
          del.headers().firstValue("WWW-Authenticate").orElse(""),
          is("ApiKey header=\"X-Api-Key\""));
      HttpResponse<String> created =
          write(post("{\"name\":\"Mallory\",\"email\":\"mallory@example.com\"}"), key);
      assertThat(created.body(), created.statusCode(), is(401));
    }
    assertThat(gateway.get("/users/1").statusCode(), is(200)); // the row is still there
  }

  /** Sends a write with {@code key} in X-Api-Key (none when empty). */
  private static HttpResponse<String> write(HttpRequest.Builder b, String key) throws Exception {
    if (!key.isEmpty()) {
      b.header("X-Api-Key", key);
    }
    return gateway.send(b);
  }

  private static HttpRequest.Builder post(String json) {
    return HttpRequest.newBuilder(gateway.uri("/users"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  private static HttpRequest.Builder delete(long id) {
    return HttpRequest.newBuilder(gateway.uri("/users/" + id)).DELETE();
  }
}
