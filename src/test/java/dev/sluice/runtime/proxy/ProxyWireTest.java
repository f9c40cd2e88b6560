package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.ScriptedUpstream;
import dev.sluice.testing.TestUpstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What passes the wire in ways a high-level client hides: {@code Expect: 100-continue} from the
 * client, a chunked answer with trailers, and a reused upstream connection that the upstream drops
 * when the next request arrives (GET re-sent by the JDK client, POST a 502).
 */
class ProxyWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestUpstream echo;
  static ScriptedUpstream trailers;
  static ScriptedUpstream dropping;
  static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    echo = TestUpstream.start("echo");
    trailers =
        ScriptedUpstream.start(
            (head, in, out) ->
                ScriptedUpstream.write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
                        + "Trailer: X-Checksum\r\nConnection: close\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc123\r\n\r\n"));
    dropping = ScriptedUpstream.start(ProxyWireTest::answerOnceThenDrop);
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          echo: {targets: ["ECHO"]}
          trailers: {targets: ["TRAILERS"]}
          dropping: {targets: ["DROPPING"], outlier: {enabled: false}}
        """
            .replace("ECHO", echo.url())
            .replace("TRAILERS", trailers.url())
            .replace("DROPPING", dropping.url()));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - {id: echo, method: POST, path: /echo, stack: public, proxy: {upstream: echo}}
          - {id: trailers, method: GET, path: /trailers, stack: public,
             proxy: {upstream: trailers}}
          - {id: dropping, method: [GET, POST], path: /dropping, stack: public,
             proxy: {upstream: dropping}}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() throws IOException {
    if (gw != null) {
      gw.close();
    }
    echo.close();
    trailers.close();
    dropping.close();
  }

  /** Answers the first request of a connection (kept alive), then drops it at the next one. */
  private static void answerOnceThenDrop(String head, InputStream in, OutputStream out)
      throws IOException {
    int length = 0;
    for (String line : head.split("\r\n", -1)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    ScriptedUpstream.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    // the gateway's client keeps the connection for its next request: take that one's head and
    // close without a byte of answer, as an upstream whose keep-alive ran out at that moment
    String next = ScriptedUpstream.readHead(in);
    if (next != null) {
      dropping.heads.add(next);
    }
  }

  @Test
  void expect100ContinueIsAnsweredBeforeTheBodyAndNotPassedOn() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
                  + "Expect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // no body sent yet: the gateway must say 100 first (a client would wait, then send anyway)
      assertThat(ScriptedUpstream.readHead(in), startsWith("HTTP/1.1 100"));
      out.write("hello".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String head = ScriptedUpstream.readHead(in);
      assertThat(head, startsWith("HTTP/1.1 200"));
      int length = Integer.parseInt(header(head, "content-length"));
      JsonNode body = JSON.readTree(in.readNBytes(length));
      assertThat(body.get("body_bytes").asLong(), is(5L));
      assertThat(body.get("headers").has("expect"), is(false));
    }
  }

  @Test
  void aChunkedAnswerWithTrailersPassesItsBodyAndDropsTheTrailers() throws Exception {
    String raw = rawGet("/trailers");
    assertThat(raw, startsWith("HTTP/1.1 200"));
    String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
    String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
    // re-chunked, or (the client asked to close) delimited by the close: the same bytes
    assertThat(
        head,
        header(head, "transfer-encoding").equals("chunked") ? dechunk(body) : body,
        is("hello world"));
    assertThat(raw.toLowerCase(Locale.ROOT), not(containsString("x-checksum")));
    assertThat(raw.toLowerCase(Locale.ROOT), not(containsString("trailer:")));
    var kept = gw.get("/trailers"); // kept alive: the answer re-chunked
    assertThat(kept.statusCode(), is(200));
    assertThat(kept.body(), is("hello world"));
  }

  @Test
  void aReusedConnectionDroppedBeforeTheAnswerIsResentForGetButNotForPost() throws Exception {
    dropping.heads.clear();
    assertThat(gw.postJson("/dropping", "{}").statusCode(), is(200)); // a new connection
    var post = gw.postJson("/dropping", "{}"); // the same connection, dropped
    assertThat(post.statusCode(), is(502));
    assertThat(post.body(), containsString("closed the connection before answering"));
    assertThat(gw.get("/dropping").statusCode(), is(200)); // a new connection
    assertThat(gw.get("/dropping").statusCode(), is(200)); // dropped, then sent again on a new one
    assertThat(
        dropping.heads.stream().map(h -> h.substring(0, h.indexOf(' '))).toList(),
        is(java.util.List.of("POST", "POST", "GET", "GET", "GET")));
  }

  /** The response to {@code GET path} on a connection of its own, read until the server closes. */
  private static String rawGet(String path) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try {
        s.getInputStream().transferTo(b);
      } catch (SocketTimeoutException e) {
        // what came is what there is
      }
      return b.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String header(String head, String name) {
    for (String line : head.split("\r\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).trim();
      }
    }
    return "";
  }

  /** A chunked body decoded; fails when its last chunk is missing. */
  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (int i = 0; i < 1000; i++) {
      int eol = body.indexOf("\r\n", at);
      int size = Integer.parseInt(body.substring(at, eol).split(";", -1)[0].trim(), 16);
      if (size == 0) {
        return out.toString();
      }
      out.append(body, eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
    throw new AssertionError("no last chunk in " + body);
  }
}
