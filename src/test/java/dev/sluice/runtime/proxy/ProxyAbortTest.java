package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.ScriptedUpstream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A response whose head already went to the client cannot become a 504 or 502 any more: when the
 * upstream stalls past the timeout, or closes, half-way through the body, the client's connection
 * is cut so the client sees a short body (never a complete-looking one), and the access-log line
 * says why. Before the head went out (a small body is read whole first) it is still a 504.
 */
class ProxyAbortTest {
  private static final int PART = 100_000;

  @TempDir static Path dir;
  static ScriptedUpstream upstream;
  static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    upstream = ScriptedUpstream.start(ProxyAbortTest::answer);
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        route-files: [routes.yaml]
        stacks: {logged: [access-log]}
        upstreams:
          scripted: {targets: ["UP"], outlier: {enabled: false}}
        """
            .replace("UP", upstream.url()));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: cut
            method: GET
            path: /cut/{rest...}
            stack: logged
            params: {rest: {in: path}}
            proxy: {upstream: scripted, path: "/{rest}", timeout: 1s}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() throws IOException {
    if (gw != null) {
      gw.close();
    }
    upstream.close();
  }

  private static void answer(String head, InputStream in, OutputStream out) throws IOException {
    String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
    byte[] part = "x".repeat(PART).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    switch (path) {
      case "/stall-length", "/close-length" -> {
        ScriptedUpstream.write(
            out,
            "HTTP/1.1 200 OK\r\nContent-Length: " + 2 * PART + "\r\nConnection: close\r\n\r\n");
        out.write(part);
        out.flush();
      }
      case "/stall-chunked" -> {
        ScriptedUpstream.write(
            out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
        ScriptedUpstream.write(out, Integer.toHexString(PART) + "\r\n");
        out.write(part);
        ScriptedUpstream.write(out, "\r\n");
      }
      case "/stall-small", "/close-small" ->
          ScriptedUpstream.write(
              out,
              "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\nonly ten b");
      default -> ScriptedUpstream.write(out, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
    }
    if (path.startsWith("/stall-")) {
      ScriptedUpstream.stall(in);
    }
  }

  @Test
  void aStallAfterTheHeadCutsAContentLengthBody() throws Exception {
    assertCut("/cut/stall-length", "upstream-timeout");
  }

  @Test
  void aStallAfterTheHeadCutsAChunkedBody() throws Exception {
    assertCut("/cut/stall-chunked", "upstream-timeout");
  }

  @Test
  void anUpstreamClosingAfterTheHeadCutsTheBody() throws Exception {
    assertCut("/cut/close-length", "upstream-closed");
  }

  @Test
  void aStallBeforeTheHeadWentOutIsStillA504() throws Exception {
    HttpResponse<String> r = gw.get("/cut/stall-small");
    assertThat(r.statusCode(), is(504));
    assertThat(r.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
    assertThat(r.body(), containsString("did not answer in time"));
  }

  @Test
  void aCloseBeforeTheHeadWentOutIsStillA502() throws Exception {
    HttpResponse<String> r = gw.get("/cut/close-small");
    assertThat(r.statusCode(), is(502));
    assertThat(r.body(), containsString("closed the connection before finishing its answer"));
  }

  /** The client sees the request fail (not time out, not succeed) and the log says why. */
  private static void assertCut(String path, String reason) throws Exception {
    try (LogCapture log = LogCapture.of(Level.INFO)) {
      IOException e = assertThrows(IOException.class, () -> gw.get(path));
      // a connection left open (no cut) would end in the client's own 30 s timeout instead
      assertThat(e, not(instanceOf(HttpTimeoutException.class)));
      String line =
          log.await(
              "the access-log line of " + path,
              l -> l.contains("sluice.access") && l.contains(path),
              Duration.ofSeconds(10));
      assertThat(line, containsString("status=200"));
      assertThat(line, containsString("aborted=" + reason));
      assertThat(
          gw.get("/metrics").body(),
          matchesPattern(
              "(?s).*\\Qsluice_upstream_aborted_total{reason=\""
                  + reason
                  + "\",scope=\"application\",upstream=\"scripted\",}\\E [1-9].*"));
    }
  }
}
