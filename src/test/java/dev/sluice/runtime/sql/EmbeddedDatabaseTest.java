package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped config with nothing installed: the users routes on the embedded H2 database. */
class EmbeddedDatabaseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static RunningGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway =
        RunningGateway.start(
            Path.of("config/gateway.yaml"),
            Map.of("SLUICE_DB_URL", "", "SLUICE_LOG_LEVEL", "warn"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

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
        gateway.postJson(
            "/users", "{\"name\":\"Barbara Liskov\",\"email\":\"barbara@example.com\"}");
    assertThat(created.body(), created.statusCode(), is(201));
    JsonNode row = JSON.readTree(created.body());
    assertThat(row.path("name").asText(), is("Barbara Liskov"));
    long id = row.path("id").asLong();
    HttpResponse<String> dup =
        gateway.postJson("/users", "{\"name\":\"B\",\"email\":\"barbara@example.com\"}");
    assertThat(dup.statusCode(), is(409));
    assertThat(gateway.delete("/users/" + id).statusCode(), is(204));
    assertThat(gateway.delete("/users/" + id).statusCode(), is(404));
    assertThat(JSON.readTree(gateway.get("/users?limit=2").body()).size(), is(2));
  }
}
