package dev.sluice.server.reload;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import dev.sluice.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloads of a running server, over real sockets: through the admin API, the file watcher (also
 * with a Kubernetes ConfigMap-style {@code ..data} link swap), with invalid files, unchanged files,
 * a request in flight across the swap, and a setting that needs a restart.
 */
class ReloadHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private GatewayServer server;
  private ConfigWatcher watcher;

  static String gateway(String extra) {
    return """
        server:
          host: 127.0.0.1
          port: 0
        reload:
          debounce: 100ms
          drain-timeout: 10s
        admin:
          port: 0
        route-files: [routes/*.yaml]
        stacks:
          plain: [request-id]
        """
        + extra;
  }

  static String route(String id, String path, String body) {
    return """
        routes:
          - id: %s
            method: GET
            path: %s
            stack: plain
            static: {body: "%s"}
        """
        .formatted(id, path, body);
  }

  void start(Path config) throws Exception {
    ConfigSource source = ConfigSource.of(config, Environment.of(Map.of()));
    GatewayRuntime.Result built = source.load();
    if (built instanceof GatewayRuntime.Result.Invalid i) {
      throw new AssertionError(i.errors());
    }
    GatewayRuntime runtime = ((GatewayRuntime.Result.Built) built).runtime();
    server = GatewayServer.start(runtime, Optional.of(source));
  }

  @AfterEach
  void stop() {
    if (watcher != null) {
      watcher.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void await(Duration within, BooleanSupplier condition) {
    Await.until("the condition", within, condition::getAsBoolean);
  }

  private boolean serves(String path, String body) {
    try {
      HttpResponse<String> r = get(path);
      return r.statusCode() == 200 && r.body().equals(body);
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void adminReloadAppliesAValidSetAndRejectsAnInvalidOne() throws Exception {
    Path config = write("gateway.yaml", gateway(""));
    write("routes/a.yaml", route("a", "/a", "first"));
    start(config);
    String firstHash = server.runtime().snapshot().hash();
    assertThat(get("/a").body(), is("first"));

    write("routes/a.yaml", route("a", "/a", "second") + route("b", "/b", "bee").substring(8));
    HttpResponse<String> applied = admin("POST", "/admin/reload");
    assertThat(applied.body(), applied.statusCode(), is(200));
    JsonNode a = JSON.readTree(applied.body());
    assertThat(a.path("result").asText(), is("applied"));
    assertThat(a.path("previous_hash").asText(), is(firstHash));
    assertThat(a.path("config_hash").asText(), is(server.runtime().snapshot().hash()));
    assertThat(get("/a").body(), is("second"));
    assertThat(get("/b").body(), is("bee"));

    HttpResponse<String> unchanged = admin("POST", "/admin/reload");
    assertThat(JSON.readTree(unchanged.body()).path("result").asText(), is("unchanged"));

    write(
        "routes/a.yaml",
        "routes:\n  - id: broken\n    method: GTE\n    path: /a\n    stack: plain\n");
    HttpResponse<String> rejected = admin("POST", "/admin/reload");
    assertThat(rejected.statusCode(), is(422));
    assertThat(
        rejected.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
    JsonNode r = JSON.readTree(rejected.body());
    assertThat(r.path("status").asInt(), is(422));
    JsonNode first = null;
    for (JsonNode e : r.path("errors")) {
      if (e.path("pointer").asText().equals("/routes/0/method")) {
        first = e;
      }
    }
    assertThat(r.toString(), first != null, is(true));
    assertThat(first.path("file").asText(), containsString("routes/a.yaml"));
    assertThat(first.path("line").asInt(), is(3));
    assertThat(first.path("column").asInt(), is(13));
    assertThat(first.path("pointer").asText(), is("/routes/0/method"));
    assertThat(first.path("message").asText(), containsString("did you mean \"GET\""));
    // the last good set keeps serving
    assertThat(get("/a").body(), is("second"));
    assertThat(get("/b").body(), is("bee"));
    JsonNode status = JSON.readTree(admin("GET", "/admin/config").body());
    assertThat(status.path("last_reload").path("outcome").path("result").asText(), is("rejected"));
    assertThat(
        status.path("last_reload").path("errors").toString(),
        containsString(":3:13: /routes/0/method:"));
  }

  @Test
  void adminEndpointsShowRoutesAndARedactedConfig() throws Exception {
    Path config =
        write(
            "gateway.yaml",
            gateway(
                    """
                redis:
                  url: redis://:S3cr3tPw@127.0.0.1:6379
                datasources:
                  main:
                    url: jdbc:postgresql://127.0.0.1:5432/db?user=u&password=hunter2
                    password: s3cret-db-pw
                """)
                .replace(
                    "  plain: [request-id]",
                    """
                      plain: [request-id]
                      keyed:
                        - auth:
                            api-key:
                              keys: [{name: ci, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}]
                      jwt:
                        - auth:
                            jwt: {algorithms: [HS256], secret: a-jwt-secret-of-32-bytes-at-least!!, issuer: https://i, audience: any}
                    """));
    write("routes/a.yaml", route("a", "/a", "first"));
    start(config);

    JsonNode routes = JSON.readTree(admin("GET", "/admin/routes").body());
    assertThat(routes.get(0).path("id").asText(), is("a"));
    assertThat(routes.get(0).path("path").asText(), is("/a"));
    assertThat(routes.get(0).path("handler").asText(), is("static 200"));

    String body = admin("GET", "/admin/config").body();
    for (String secret :
        new String[] {
          "hunter2",
          "s3cret-db-pw",
          "S3cr3tPw",
          "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
          "a-jwt-secret-of-32-bytes-at-least!!"
        }) {
      assertThat(body, not(containsString(secret)));
    }
    JsonNode c = JSON.readTree(body);
    assertThat(c.path("config_hash").asText(), is(server.runtime().snapshot().hash()));
    assertThat(
        c.path("gateway").path("datasources").path("main").path("password").asText(),
        is("<redacted>"));
    assertThat(
        c.path("gateway").path("datasources").path("main").path("url").asText(),
        is("jdbc:postgresql://127.0.0.1:5432/db?user=u&password=<redacted>"));
    assertThat(
        c.path("gateway").path("redis").path("url").asText(),
        is("redis://<redacted>@127.0.0.1:6379"));
    assertThat(c.path("gateway").path("server").path("port").asInt(), is(0));
  }

  @Test
  void adminRefusesAForeignHostAndUnknownPaths() throws Exception {
    Path config = write("gateway.yaml", gateway(""));
    write("routes/a.yaml", route("a", "/a", "first"));
    start(config);
    // a page of evil.example whose name now resolves to 127.0.0.1 (DNS rebinding)
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.adminPort())) {
      s.getOutputStream()
          .write(
              ("GET /admin/config HTTP/1.1\r\nHost: evil.example:"
                      + server.adminPort()
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      s.setSoTimeout(10_000);
      java.io.BufferedReader in =
          new java.io.BufferedReader(
              new java.io.InputStreamReader(
                  s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      assertThat(in.readLine(), org.hamcrest.Matchers.startsWith("HTTP/1.1 403"));
    }
    assertThat(admin("GET", "/admin/nope").statusCode(), is(404));
    HttpResponse<String> wrongMethod = admin("GET", "/admin/reload");
    assertThat(wrongMethod.statusCode(), is(405));
    assertThat(wrongMethod.headers().firstValue("Allow").orElse(""), is("POST"));
  }

  @Test
  void watchedFilesReloadByThemselvesAddedAndRemovedFilesToo() throws Exception {
    Path config = write("gateway.yaml", gateway(""));
    write("routes/a.yaml", route("a", "/a", "first"));
    start(config);
    watcher = ConfigWatcher.start(server.reloader().orElseThrow(), server::runtime);

    write("routes/b.yaml", route("b", "/b", "bee"));
    await(Duration.ofSeconds(5), () -> serves("/b", "bee"));
    Files.delete(dir.resolve("routes/b.yaml"));
    await(Duration.ofSeconds(5), () -> !serves("/b", "bee"));
    // an editor's write-then-rename
    Path tmp = write("routes/.a.yaml.swp", route("a", "/a", "renamed"));
    Files.move(
        tmp, dir.resolve("routes/a.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    await(Duration.ofSeconds(5), () -> serves("/a", "renamed"));
  }

  @Test
  void aConfigMapStyleLinkSwapIsSeenAndHiddenFoldersAreNotReadTwice() throws Exception {
    // the layout of a Kubernetes ConfigMap volume: files link through ..data to a hidden folder
    Path v1 = dir.resolve("routes/..2026_12_03_v1");
    Files.createDirectories(v1);
    Files.writeString(v1.resolve("a.yaml"), route("a", "/a", "first"));
    Files.createSymbolicLink(dir.resolve("routes/..data"), Path.of("..2026_12_03_v1"));
    Files.createSymbolicLink(dir.resolve("routes/a.yaml"), Path.of("..data/a.yaml"));
    Path config =
        write("gateway.yaml", gateway("").replace("[routes/*.yaml]", "[\"routes/**/*.yaml\"]"));
    start(config);
    assertThat(server.runtime().routes().size(), is(1)); // not also ..2026_12_03_v1/a.yaml
    watcher = ConfigWatcher.start(server.reloader().orElseThrow(), server::runtime);

    Path v2 = dir.resolve("routes/..2026_12_03_v2");
    Files.createDirectories(v2);
    Files.writeString(v2.resolve("a.yaml"), route("a", "/a", "second"));
    Path tmp = dir.resolve("routes/..data_tmp");
    Files.createSymbolicLink(tmp, Path.of("..2026_12_03_v2"));
    Files.move(tmp, dir.resolve("routes/..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    await(Duration.ofSeconds(5), () -> serves("/a", "second"));
    assertThat(server.runtime().routes().size(), is(1));
  }

  @Test
  void aRequestInFlightFinishesOnTheRuntimeItStartedOn() throws Exception {
    Path config = write("gateway.yaml", gateway(""));
    write(
        "routes/a.yaml",
        route("slow", "/slow", "slept").replace("static: {body:", "static: {delay: 1500ms, body:"));
    start(config);
    GatewayRuntime first = server.runtime();
    CompletableFuture<HttpResponse<String>> slow =
        HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/slow"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    await(Duration.ofSeconds(5), () -> first.inFlight() == 1);
    write("routes/a.yaml", route("other", "/other", "o"));
    assertThat(admin("POST", "/admin/reload").statusCode(), is(200));
    assertThat(get("/slow").statusCode(), is(404)); // the new set has no /slow
    HttpResponse<String> done = slow.get();
    assertThat(done.statusCode(), is(200));
    assertThat(done.body(), is("slept"));
    await(Duration.ofSeconds(5), () -> first.inFlight() == 0);
  }

  @Test
  void aSettingThatNeedsARestartIsNamedAndNotApplied() throws Exception {
    Path config = write("gateway.yaml", gateway(""));
    write("routes/a.yaml", route("a", "/a", "first"));
    start(config);
    int port = server.port();
    write(
        "gateway.yaml",
        gateway("")
            .replace("  port: 0\nreload", "  port: 0\n  limits: {max-connections: 7}\nreload"));
    JsonNode applied = JSON.readTree(admin("POST", "/admin/reload").body());
    assertThat(applied.path("result").asText(), is("applied"));
    assertThat(applied.path("restart_required").get(0).asText(), is("server.limits"));
    assertThat(server.port(), is(port));
    String metrics = get("/metrics").body();
    assertThat(metrics, containsString("sluice_config_restart_required"));
    assertThat(
        metrics.lines().filter(l -> l.startsWith("sluice_config_restart_required")).toList(),
        contains(org.hamcrest.Matchers.startsWith("sluice_config_restart_required")));
    assertThat(
        metrics
            .lines()
            .filter(l -> l.startsWith("sluice_config_restart_required"))
            .findFirst()
            .orElseThrow(),
        org.hamcrest.Matchers.endsWith(" 1.0"));
    assertThat(
        metrics.lines().toList(),
        hasItem(
            org.hamcrest.Matchers.startsWith("sluice_config_reloads_total{result=\"applied\"")));
  }

  @Test
  void theEmbeddedDatabaseKeepsItsRowsAcrossAReload() throws Exception {
    Path examples = Path.of("examples/users").toAbsolutePath();
    Path config =
        write(
            "gateway.yaml",
            gateway(
                """
                datasources:
                  main:
                    url: ""
                    embedded: {init: ["%s", "%s"]}
                """
                    .formatted(examples.resolve("schema.sql"), examples.resolve("seed.sql"))));
    String users =
        """
        routes:
          - id: user
            method: GET
            path: /users/{id}
            stack: plain
            params: {id: {in: path, type: integer}}
            sql: {datasource: main, query: "SELECT name FROM users WHERE id = :id", result: one}
          - id: add
            method: POST
            path: /users
            stack: plain
            params:
              name: {in: body, type: string}
              email: {in: body, type: string}
            sql:
              datasource: main
              query: "INSERT INTO users (name, email) VALUES (:name, :email)"
              result: none
        """;
    write("routes/users.yaml", users);
    start(config);
    HttpResponse<String> added =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Grace\",\"email\":\"g@x\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(added.statusCode(), is(204));
    write("routes/users.yaml", users + route("b", "/b", "bee").substring(8));
    HttpResponse<String> applied = admin("POST", "/admin/reload");
    assertThat(
        applied.body(), JSON.readTree(applied.body()).path("result").asText(), is("applied"));
    assertThat(get("/b").body(), is("bee"));
    assertThat(get("/users/1").body(), is("{\"name\":\"Ada Lovelace\"}"));
    assertThat(get("/users/4").body(), is("{\"name\":\"Grace\"}")); // the same database
  }
}
