package dev.sluice.server.reload;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reload keeps and what it replaces, on PostgreSQL: a change to routes only opens no
 * database connection; an unchanged rate-limit policy keeps its buckets; a changed datasource URL
 * opens a new pool and closes the old one only after the statement running on it has answered.
 */
class ReloadPostgresTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private TestDatabase db;
  private GatewayServer server;

  @BeforeEach
  void database() throws Exception {
    db = TestDatabase.createUsers();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (db != null) {
      db.close();
    }
  }

  private String gateway(String url) {
    return """
        server: {host: 127.0.0.1, port: 0}
        admin: {port: 0}
        route-files: [routes.yaml]
        datasources:
          main: {url: "%s", pool-size: 2}
        rate-limits:
          tight: {capacity: 2, refill: 1, period: 1h, key: client-ip}
        stacks:
          plain: [request-id, {rate-limit: {policy: tight}}]
          free: [request-id]
        """
        .formatted(url);
  }

  private static final String ROUTES =
      """
      routes:
        - id: user
          method: GET
          path: /users/{id}
          stack: free
          params: {id: {in: path, type: integer}}
          sql: {datasource: main, query: "SELECT id, name FROM users WHERE id = :id", result: one}
        - id: slow
          method: GET
          path: /slow
          stack: free
          sql: {datasource: main, query: "SELECT 'slept' AS slept FROM pg_sleep(1.5)", result: one}
        - id: limited
          method: GET
          path: /limited
          stack: plain
          static: {body: ok}
      """;

  private void start() throws Exception {
    ConfigSource source = ConfigSource.of(dir.resolve("gateway.yaml"), Environment.of(Map.of()));
    server =
        GatewayServer.start(
            ((GatewayRuntime.Result.Built) source.load()).runtime(), Optional.of(source));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String reload() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.adminPort() + "/admin/reload"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.body(), r.statusCode(), is(200));
    return JSON.readTree(r.body()).path("result").asText();
  }

  /** The backends of the gateway's connections to this test's database. */
  private Set<Integer> backends() throws Exception {
    Set<Integer> pids = new HashSet<>();
    try (Connection c = DriverManager.getConnection(db.url());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'sluice'")) {
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
    }
    return pids;
  }

  private static void await(Duration within, BooleanSupplier condition) {
    Await.until("the condition", within, condition::getAsBoolean);
  }

  private Set<Integer> unchecked() {
    try {
      return backends();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aReloadOfRoutesOnlyKeepsThePoolsAndTheBuckets() throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), gateway(db.url()));
    Files.writeString(dir.resolve("routes.yaml"), ROUTES);
    start();
    for (int i = 0; i < 5; i++) {
      assertThat(get("/users/1").statusCode(), is(200));
    }
    assertThat(get("/limited").statusCode(), is(200));
    assertThat(get("/limited").statusCode(), is(200));
    assertThat(get("/limited").statusCode(), is(429));
    // HikariCP fills each pool (read-write and read-only) to pool-size in the background
    await(Duration.ofSeconds(10), () -> unchecked().size() == 4);
    Set<Integer> before = backends();

    Files.writeString(
        dir.resolve("routes.yaml"),
        ROUTES
            + """
              - id: new
                method: GET
                path: /new
                stack: free
                sql: {datasource: main, query: "SELECT 2 AS two", result: one}
            """);
    assertThat(reload(), is("applied"));
    assertThat(get("/new").body(), is("{\"two\":2}"));
    for (int i = 0; i < 5; i++) {
      assertThat(get("/users/1").statusCode(), is(200));
    }
    assertThat(get("/limited").statusCode(), is(429)); // still at its limit
    assertThat(backends(), everyItem(is(in(before)))); // no connection opened
  }

  @Test
  void aNewDatasourceUrlOpensANewPoolAndClosesTheOldAfterItsLastStatement() throws Exception {
    Files.writeString(dir.resolve("gateway.yaml"), gateway(db.url()));
    Files.writeString(dir.resolve("routes.yaml"), ROUTES);
    start();
    assertThat(get("/users/1").statusCode(), is(200));
    await(Duration.ofSeconds(10), () -> unchecked().size() == 4);
    Set<Integer> old = backends();

    CompletableFuture<HttpResponse<String>> slow =
        HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    GatewayRuntime first = server.runtime();
    await(Duration.ofSeconds(5), () -> first.inFlight() == 1);
    String changed = db.url() + (db.url().contains("?") ? "&" : "?") + "connectTimeout=7";
    Files.writeString(dir.resolve("gateway.yaml"), gateway(changed));
    assertThat(reload(), is("applied"));
    assertThat(get("/users/2").statusCode(), is(200)); // on the new pool
    Set<Integer> both = backends();
    assertThat(both.containsAll(old), is(true)); // the old pool is still open under /slow
    assertThat(both.size() > old.size(), is(true));

    HttpResponse<String> done = slow.get();
    assertThat(done.statusCode(), is(200));
    assertThat(done.body(), is("{\"slept\":\"slept\"}"));
    // after its last statement the old runtime closes, and its pool with it
    await(Duration.ofSeconds(10), () -> unchecked().stream().noneMatch(old::contains));
    assertThat(get("/users/3").statusCode(), is(200));
  }
}
