package dev.sluice.runtime.sql;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The users routes and misbehaving SQL routes over HTTP, on a real PostgreSQL, on each driver
 * ({@code SLUICE_DB_DRIVER}).
 */
class SqlRoutesPostgresTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Nested
  class Jdbc extends Routes {
    Jdbc() {
      super("jdbc");
    }
  }

  @Nested
  class Pipelined extends Routes {
    Pipelined() {
      super("pipelined");
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Routes {
    private final String driver;
    private TestDatabase db;
    private RunningGateway gateway;

    Routes(String driver) {
      this.driver = driver;
    }

    @BeforeAll
    void start() throws Exception {
      db = TestDatabase.createUsers();
      gateway =
          RunningGateway.start(
              Path.of("src/test/resources/configs/sql/gateway.yaml"),
              Map.of("SLUICE_DB_URL", db.url(), "SLUICE_DB_DRIVER", driver));
    }

    @AfterAll
    void stop() throws Exception {
      if (gateway != null) {
        gateway.close();
      }
      if (db != null) {
        db.close();
      }
    }

    @Test
    void getUserIsAnObjectWithTypedColumns() throws Exception {
      HttpResponse<String> res = gateway.get("/users/1");
      assertThat(res.body(), res.statusCode(), is(200));
      assertThat(res.headers().firstValue("Content-Type").orElseThrow(), is("application/json"));
      JsonNode user = JSON.readTree(res.body());
      assertThat(user.path("id").isIntegralNumber(), is(true));
      assertThat(user.path("id").asLong(), is(1L));
      assertThat(user.path("name").asText(), is("Ada Lovelace"));
      assertThat(user.path("email").asText(), is("ada@example.com"));
      assertThat(
          user.path("created_at").asText(),
          matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
    }

    @Test
    void anArrayFromAHeaderIsBoundForAny() throws Exception {
      HttpResponse<String> res =
          gateway.send(
              HttpRequest.newBuilder(gateway.uri("/by-header")).header("X-User-Ids", "2, 1,999"));
      assertThat(res.body(), res.statusCode(), is(200));
      assertThat(res.body(), is("[{\"id\":1},{\"id\":2}]"));
      HttpResponse<String> bad =
          gateway.send(
              HttpRequest.newBuilder(gateway.uri("/by-header")).header("X-User-Ids", "1,x"));
      assertThat(bad.statusCode(), is(400));
      assertThat(
          JSON.readTree(bad.body()).path("errors").get(0).path("parameter").asText(),
          is("X-User-Ids")); // named as the client sent it
      assertThat(gateway.get("/by-header").statusCode(), is(400)); // required
    }

    @Test
    void missingUserIs404Problem() throws Exception {
      HttpResponse<String> res = gateway.get("/users/999999");
      assertThat(res.statusCode(), is(404));
      assertThat(
          res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
    }

    @Test
    void badIdIs400NamingTheParameterAndRule() throws Exception {
      HttpResponse<String> res = gateway.get("/users/abc");
      assertThat(res.statusCode(), is(400));
      JsonNode p = JSON.readTree(res.body());
      assertThat(p.path("errors").get(0).path("parameter").asText(), is("id"));
      assertThat(p.path("errors").get(0).path("message").asText(), containsString("integer"));
      HttpResponse<String> zero = gateway.get("/users/0");
      assertThat(zero.statusCode(), is(400));
      assertThat(
          JSON.readTree(zero.body()).path("errors").get(0).path("message").asText(),
          containsString("at least 1"));
    }

    @Test
    void listIsAnArrayAndTheLimitIsCapped() throws Exception {
      HttpResponse<String> res = gateway.get("/users?limit=2");
      assertThat(res.statusCode(), is(200));
      JsonNode arr = JSON.readTree(res.body());
      assertThat(arr.isArray(), is(true));
      assertThat(arr.size(), is(2));
      assertThat(gateway.get("/users?limit=1000").statusCode(), is(400));
      assertThat(gateway.get("/users?limit=2&offset=-1").statusCode(), is(400));
    }

    @Test
    void createThenDuplicateThenDeleteTwice() throws Exception {
      HttpResponse<String> created =
          gateway.postJson(
              "/users", "{\"name\":\"Edsger Dijkstra\",\"email\":\"edsger@example.com\"}");
      assertThat(created.body(), created.statusCode(), is(201));
      JsonNode row = JSON.readTree(created.body());
      long id = row.path("id").asLong();
      assertThat(id, greaterThan(3L));
      assertThat(row.path("name").asText(), is("Edsger Dijkstra"));
      assertThat(row.path("created_at").asText(), matchesPattern("\\d{4}-.*Z"));

      HttpResponse<String> dup =
          gateway.postJson("/users", "{\"name\":\"Other\",\"email\":\"edsger@example.com\"}");
      assertThat(dup.statusCode(), is(409));
      assertThat(JSON.readTree(dup.body()).path("constraint").asText(), is("users_email_key"));
      assertThat(dup.body(), not(containsString("INSERT")));

      assertThat(gateway.delete("/users/" + id).statusCode(), is(204));
      HttpResponse<String> again = gateway.delete("/users/" + id);
      assertThat(again.statusCode(), is(404));
    }

    @Test
    void invalidBodiesAre400WithEveryViolation() throws Exception {
      HttpResponse<String> missing = gateway.postJson("/users", "{}");
      assertThat(missing.statusCode(), is(400));
      JsonNode errors = JSON.readTree(missing.body()).path("errors");
      assertThat(errors.size(), is(2));
      HttpResponse<String> malformed = gateway.postJson("/users", "{\"name\": ");
      assertThat(malformed.statusCode(), is(400));
      assertThat(
          JSON.readTree(malformed.body()).path("detail").asText(),
          containsString("not valid JSON"));
    }

    @Test
    void injectionAttemptsChangeNothing() throws Exception {
      long before = db.queryLong("SELECT count(*) FROM users");
      assertThat(gateway.get("/users/1;DROP%20TABLE%20users").statusCode(), is(400));
      assertThat(gateway.get("/users?limit=%27%20OR%201%3D1%20--").statusCode(), is(400));
      HttpResponse<String> body =
          gateway.postJson("/users", "{\"name\":\"x\",\"email\":\"' OR 1=1 --\"}");
      assertThat(body.statusCode(), is(400));
      assertThat(db.queryLong("SELECT count(*) FROM users"), is(before));
    }

    @Test
    void typoInRouteSqlIs500WithoutSql() throws Exception {
      HttpResponse<String> res = gateway.get("/typo");
      assertThat(res.statusCode(), is(500));
      assertThat(
          res.headers().firstValue("Content-Type").orElseThrow(), is("application/problem+json"));
      assertThat(res.body(), not(containsString("nme")));
      assertThat(res.body(), not(containsString("SELECT")));
      assertThat(res.body(), not(containsString("42703")));
    }

    @Test
    void slowStatementIs504InAboutTheTimeout() throws Exception {
      long t = System.nanoTime();
      HttpResponse<String> res = gateway.get("/slow");
      long ms = (System.nanoTime() - t) / 1_000_000;
      assertThat(res.statusCode(), is(504));
      assertThat(ms, lessThan(2_500L));
    }

    @Test
    void getRouteThatWritesIsRefusedByTheDatabase() throws Exception {
      long before = db.queryLong("SELECT count(*) FROM users");
      HttpResponse<String> res = gateway.get("/sneaky");
      assertThat(res.statusCode(), is(500));
      assertThat(res.body(), not(containsString("DELETE")));
      assertThat(db.queryLong("SELECT count(*) FROM users"), is(before));
    }

    @Test
    void readinessIncludesTheDatasource() throws Exception {
      HttpResponse<String> res = gateway.get("/readyz?verbose");
      assertThat(res.statusCode(), is(200));
      assertThat(res.body(), containsString("\"name\":\"datasource:main\",\"status\":\"UP\""));
    }
  }
}
