package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.RunningGateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's nginx as the upstream (skipped where it is not installed: {@code apt-get install
 * nginx}): the request line nginx received, a body it read, keep-alive across requests.
 */
class ProxyNginxTest {
  @TempDir static Path dir;
  static Process nginx;
  static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    Path bin = Path.of("/usr/sbin/nginx");
    Assumptions.assumeTrue(Files.isExecutable(bin), "nginx is not installed");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path prefix = dir.resolve("nginx");
    Files.createDirectories(prefix.resolve("logs"));
    Files.writeString(
        prefix.resolve("nginx.conf"),
        """
        worker_processes 1;
        pid PREFIX/nginx.pid;
        error_log PREFIX/logs/error.log warn;
        events { worker_connections 256; }
        http {
          access_log off;
          client_body_temp_path PREFIX/body;
          proxy_temp_path PREFIX/proxy;
          fastcgi_temp_path PREFIX/fastcgi;
          uwsgi_temp_path PREFIX/uwsgi;
          scgi_temp_path PREFIX/scgi;
          server {
            listen 127.0.0.1:PORT;
            location /uri/ { default_type text/plain; return 200 "$request_uri $http_x_forwarded_for"; }
            location /len { default_type text/plain; return 200 "$content_length"; }
          }
        }
        """
            .replace("PREFIX", prefix.toString())
            .replace("PORT", String.valueOf(port)));
    nginx =
        new ProcessBuilder(
                bin.toString(), "-p", prefix.toString(), "-c", "nginx.conf", "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(prefix.resolve("logs/stdout.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!listening(port)) {
      if (System.nanoTime() > deadline || !nginx.isAlive()) {
        throw new AssertionError(
            "nginx did not start: " + Files.readString(prefix.resolve("logs/stdout.log")));
      }
      Thread.sleep(50);
    }
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          nginx: {targets: ["http://127.0.0.1:@PORT"]}
        """
            .replace("@PORT", String.valueOf(port)));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: n
            method: ANY
            path: /n/{rest...}
            stack: public
            params: {rest: {in: path}}
            proxy: {upstream: nginx, path: "/{rest}"}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor();
    }
  }

  @Test
  void nginxReceivesTheRewrittenTargetAndTheForwardedFor() throws Exception {
    for (int i = 0; i < 3; i++) { // the same kept-alive connection serves them in turn
      HttpResponse<String> r = gw.get("/n/uri/a%2Fb/c%20d?q=1&q=%2F");
      assertThat(r.statusCode(), is(200));
      assertThat(r.body(), is("/uri/a%2Fb/c%20d?q=1&q=%2F 127.0.0.1"));
    }
  }

  @Test
  void nginxReadsTheForwardedBody() throws Exception {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/n/len"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))));
    assertThat(r.statusCode(), is(200));
    assertThat(r.body(), is("5000"));
  }
}
