package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reloading a running {@code serve} process as an operator does: SIGHUP with watching off, {@code
 * sluice reload} for a broken and a fixed edit, and {@code sluice routes --format json}.
 */
class ReloadIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Pattern ADMIN_PORT =
      Pattern.compile("\"msg\":\"admin API listening\".*\"port\":(\\d+)");
  private static final Pattern PORT = Pattern.compile("\"msg\":\"listening\".*\"port\":(\\d+)");

  @TempDir Path dir;

  private static String route(String path, String body) {
    return """
        routes:
          - id: r%s
            method: GET
            path: %s
            stack: plain
            static: {body: "%s"}
        """
        .formatted(path.replace("/", "-"), path, body);
  }

  @Test
  void sighupAndSluiceReloadApplyAGoodEditAndRejectABrokenOne() throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(
        config,
        """
        server: {host: 127.0.0.1, port: 0, shutdown: {drain-delay: 0s}}
        reload: {watch: false}
        admin: {port: 0}
        route-files: [routes.yaml]
        stacks:
          plain: [request-id]
        """);
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, route("/a", "first"));
    try (SluiceProcess p = SluiceProcess.start(Map.of(), "serve", "-c", config.toString())) {
      int port = awaitLogged(p, PORT);
      int admin = awaitLogged(p, ADMIN_PORT);
      assertThat(get(port, "/a").body(), is("first"));

      Files.writeString(routes, route("/a", "second"));
      new ProcessBuilder("kill", "-HUP", String.valueOf(p.process.pid())).start().waitFor();
      awaitBody(port, "/a", "second");
      awaitLog(p, "\"trigger\":\"SIGHUP\"");

      Files.writeString(routes, route("/a", "third").replace("method: GET", "method: GTE"));
      SluiceProcess.Result broken =
          SluiceProcess.run(Map.of(), "reload", "--admin", "http://127.0.0.1:" + admin);
      assertThat(broken.code(), is(1));
      assertThat(
          broken.err(), containsString(routes + ":3:13: /routes/0/method: expected one of [GET"));
      assertThat(
          broken.err(), containsString("reload rejected: 1 error; the running configuration"));
      assertThat(get(port, "/a").body(), is("second"));
      awaitLog(p, "\"msg\":\"config reload rejected");
      awaitLog(p, "\"msg\":\"" + routes + ":3:13: /routes/0/method:");

      Files.writeString(routes, route("/a", "fourth"));
      SluiceProcess.Result fixed =
          SluiceProcess.run(Map.of(), "reload", "--admin", "http://127.0.0.1:" + admin);
      assertThat(fixed.err(), fixed.code(), is(0));
      assertThat(fixed.out(), startsWith("reloaded: config hash "));
      assertThat(get(port, "/a").body(), is("fourth"));

      SluiceProcess.Result same =
          SluiceProcess.run(Map.of(), "reload", "--admin", "http://127.0.0.1:" + admin);
      assertThat(same.out(), startsWith("unchanged: config hash "));
    }
  }

  @Test
  void reloadWithNoGatewayRunningSaysSo() throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of(), "reload", "--admin", "http://127.0.0.1:" + SluiceProcess.freePort());
    assertThat(r.code(), is(1));
    assertThat(r.err(), containsString("cannot reach the admin API at http://127.0.0.1:"));
    assertThat(r.err(), containsString("connection refused"));
  }

  @Test
  void routesAsJsonIsWhatTheAdminApiSends() throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(Map.of(), "routes", "--format", "json", "-c", "config/gateway.yaml");
    assertThat(r.err(), r.code(), is(0));
    JsonNode routes = JSON.readTree(r.out());
    assertThat(routes.isArray(), is(true));
    JsonNode root = null;
    for (JsonNode route : routes) {
      if (route.path("id").asText().equals("root")) {
        root = route;
      }
    }
    assertThat(r.out(), root != null, is(true));
    assertThat(root.path("method").asText(), is("GET"));
    assertThat(root.path("path").asText(), is("/"));
    assertThat(root.path("id").asText(), is("root"));
    assertThat(root.path("stack").asText(), is("public"));
    assertThat(root.path("middleware").get(0).asText(), is("request-id"));
    assertThat(root.path("handler").asText(), is("static 200"));
  }

  private static int awaitLogged(SluiceProcess p, Pattern line) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() - deadline < 0) {
      Matcher m = line.matcher(p.out());
      if (m.find()) {
        return m.group(1).chars().allMatch(Character::isDigit) ? Integer.parseInt(m.group(1)) : 0;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not logged within 30 s: " + line + "\n" + p.out() + p.err());
  }

  /** Log lines are written in batches: waits for {@code text} to appear in the log. */
  private static void awaitLog(SluiceProcess p, String text) throws Exception {
    awaitLogged(p, Pattern.compile("(" + Pattern.quote(text) + ")()"));
  }

  private static void awaitBody(int port, String path, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    String last = "";
    while (System.nanoTime() - deadline < 0) {
      last = get(port, path).body();
      if (last.equals(body)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " still answers " + last);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
