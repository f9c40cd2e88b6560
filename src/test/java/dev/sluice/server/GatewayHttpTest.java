package dev.sluice.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The production routing over HTTP: static routes, 404, 405, request ids, problem details. */
@ServerTest
class GatewayHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String UUID7 =
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

  private final Http1Client client;
  private final int port;

  GatewayHttpTest(Http1Client client, java.net.URI uri) {
    this.client = client;
    this.port = uri.getPort();
  }

  @SetUpServer
  static void server(WebServerConfig.Builder builder) {
    GatewayServer.configure(
        builder, new AtomicReference<>(TestTables.load("basic")), new Readiness());
  }

  @Test
  void rootAnswersOkWithGeneratedRequestId() {
    try (Http1ClientResponse res = client.get("/").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(res.as(String.class), is("OK"));
      assertThat(res.headers().contentType().orElseThrow().text(), is("text/plain; charset=utf-8"));
      assertThat(
          res.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(),
          matchesPattern(UUID7));
    }
  }

  @Test
  void wellFormedIncomingRequestIdIsKept() {
    try (Http1ClientResponse res =
        client.get("/").header(HeaderNames.create("X-Request-Id"), "abc-123").request()) {
      assertThat(
          res.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(), is("abc-123"));
    }
  }

  @Test
  void malformedIncomingRequestIdIsReplaced() {
    try (Http1ClientResponse res =
        client.get("/").header(HeaderNames.create("X-Request-Id"), "bad id<script>").request()) {
      assertThat(
          res.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(),
          matchesPattern(UUID7));
    }
  }

  @Test
  void unknownPathIsProblem404() throws Exception {
    try (Http1ClientResponse res =
        client.get("/nope").header(HeaderNames.create("X-Request-Id"), "rid-404").request()) {
      assertThat(res.status().code(), is(404));
      assertThat(res.headers().contentType().orElseThrow().text(), is("application/problem+json"));
      JsonNode body = JSON.readTree(res.as(String.class));
      assertThat(body.path("type").asText(), is("about:blank"));
      assertThat(body.path("title").asText(), is("Not Found"));
      assertThat(body.path("status").asInt(), is(404));
      assertThat(body.path("detail").asText(), is("no route for GET /nope"));
      assertThat(body.path("instance").asText(), is("/nope"));
      assertThat(body.path("request_id").asText(), is("rid-404"));
      // the unmatched stack (edge) echoes the id
      assertThat(
          res.headers().first(HeaderNames.create("X-Request-Id")).orElseThrow(), is("rid-404"));
    }
  }

  @Test
  void knownPathWrongMethodIs405WithAllow() throws Exception {
    try (Http1ClientResponse res = client.method(Method.POST).uri("/").request()) {
      assertThat(res.status().code(), is(405));
      assertThat(res.headers().first(HeaderNames.ALLOW).orElseThrow(), is("GET, HEAD"));
      JsonNode body = JSON.readTree(res.as(String.class));
      assertThat(body.path("status").asInt(), is(405));
      assertThat(body.path("title").asText(), is("Method Not Allowed"));
    }
  }

  @Test
  void literalSegmentBeatsParameterAndBacktracks() {
    try (Http1ClientResponse res = client.get("/users/me").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(res.as(String.class), is("me"));
      // the bare stack has no request-id middleware: no echo
      assertThat(res.headers().contains(HeaderNames.create("X-Request-Id")), is(false));
    }
    try (Http1ClientResponse res = client.delete("/users/me").request()) {
      assertThat(res.status().code(), is(204));
    }
  }

  @Test
  void catchAllMatchesTheRest() {
    try (Http1ClientResponse res = client.get("/files/a/b/c.txt").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(res.as(String.class), is("file"));
    }
  }

  @Test
  void headIsServedByGetWithoutBody() throws Exception {
    // HEAD then GET on one connection: the GET's status line must follow the HEAD's headers
    // directly, so no body was sent for the HEAD.
    String raw =
        raw(
            "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    int split = raw.indexOf("\r\n\r\n") + 4;
    String head = raw.substring(0, split);
    assertThat(head, matchesPattern("(?s)HTTP/1.1 200 OK\r\n.*"));
    assertThat(head, containsString("Content-Length: 2\r\n"));
    assertThat(raw.substring(split), matchesPattern("(?s)HTTP/1.1 200 OK\r\n.*\r\n\r\nOK"));
  }

  @Test
  void headOfUnknownPathIs404WithoutBody() throws Exception {
    String raw =
        raw("HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    int split = raw.indexOf("\r\n\r\n") + 4;
    assertThat(raw.substring(0, split), matchesPattern("(?s)HTTP/1.1 404 Not Found\r\n.*"));
    assertThat(raw.substring(0, split), containsString("application/problem+json"));
    assertThat(
        raw.substring(split), matchesPattern("(?s)HTTP/1.1 200 OK\r\n.*\\{\"status\":\"UP\"}"));
  }

  @Test
  void staticStatusAndHeaders() {
    try (Http1ClientResponse res = client.post("/things").request()) {
      assertThat(res.status().code(), is(201));
      assertThat(res.headers().first(HeaderNames.LOCATION).orElseThrow(), is("/things/1"));
      assertThat(res.as(String.class), is("{\"id\":1}"));
    }
  }

  @Test
  void healthAndReadiness() throws Exception {
    try (Http1ClientResponse res = client.get("/healthz").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(res.as(String.class), is("{\"status\":\"UP\"}"));
    }
    try (Http1ClientResponse res = client.get("/readyz").request()) {
      assertThat(res.status().code(), is(200));
      assertThat(JSON.readTree(res.as(String.class)).path("status").asText(), is("UP"));
    }
    try (Http1ClientResponse res = client.get("/readyz").queryParam("verbose", "").request()) {
      JsonNode checks = JSON.readTree(res.as(String.class)).path("checks");
      assertThat(checks.get(0).path("name").asText(), is("shutdown"));
      assertThat(checks.get(0).path("status").asText(), is("UP"));
    }
  }

  @Test
  void malformedPercentEscapeIs400Problem() throws Exception {
    String raw = raw("GET /files/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(raw, matchesPattern("(?s)HTTP/1.1 400 .*"));
    assertThat(raw, containsString("application/problem+json"));
    assertThat(raw, not(containsString("Exception")));
  }

  @Test
  void invalidMethodTokenIs400ProblemNot500() throws Exception {
    String raw = raw("G@T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(raw, matchesPattern("(?s)HTTP/1.1 400 .*"));
    assertThat(raw, containsString("application/problem+json"));
  }

  /**
   * Issue 15: every request-target form but a path (RFC 9112 §3.2) is a 400 problem saying which
   * form it is, never a 5xx, a 404, or a route answered for another path.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CONNECT host:443 | authority-form",
        "CONNECT [::1]:8443 | authority-form",
        "GET localhost:8080 | authority-form",
        "OPTIONS * | asterisk-form",
        "GET * | asterisk-form",
        "GET http://x/ | absolute-form",
        "POST https://x/things | absolute-form",
        "GET urn:isbn:0451450523 | absolute-form",
        "GET ?a=1 | must start with",
        "GET files/a | must start with",
        "GET /files/a#top | fragment",
        "GET /files/%zz | percent-escape",
        "GET /files/a{b | may not hold",
        "GET /files/%C3%28 | valid UTF-8",
      })
  void everyTargetButAPathIs400ProblemSayingWhy(String line, String why) throws Exception {
    // after another request on the connection, and twice (routing refuses the target and keeps
    // the connection; Helidon's parser refuses some, e.g. "%zz", and closes it)
    String request = line + " HTTP/1.1\r\nHost: x\r\n\r\n";
    String raw = raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n" + request + request);
    List<String> responses = List.of(raw.split("(?=HTTP/1\\.1 )"));
    assertThat(raw, responses.size(), greaterThanOrEqualTo(2));
    assertThat(responses.get(0), matchesPattern("(?s)HTTP/1.1 200 .*"));
    for (String r : responses.subList(1, responses.size())) {
      assertThat(line, r, matchesPattern("(?s)HTTP/1.1 400 .*"));
      assertThat(line, r, containsString("Content-Type: application/problem+json"));
      assertThat(line, r, matchesPattern("(?s).*X-Request-Id: " + UUID7 + ".*"));
      JsonNode body = JSON.readTree(r.substring(r.indexOf("\r\n\r\n") + 4));
      assertThat(line, body.path("status").asInt(), is(400));
      assertThat(line, body.path("detail").asText(), containsString(why));
    }
  }

  @Test
  void malformedHeaderIs400Problem() throws Exception {
    String raw = raw("GET / HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    assertThat(raw, matchesPattern("(?s)HTTP/1.1 400 .*"));
    assertThat(raw, containsString("application/problem+json"));
    assertThat(raw, containsString("\"request_id\""));
  }

  @Test
  void http10Is505ProblemNotASilentClose() throws Exception {
    for (String version : new String[] {"HTTP/1.0", "HTTP/2.0", "HTTP/9.9"}) {
      String raw = raw("GET /files/a " + version + "\r\nHost: x\r\n\r\n");
      assertThat(version, raw, matchesPattern("(?s)HTTP/1.1 505 .*"));
      assertThat(version, raw, containsString("Content-Type: application/problem+json"));
      assertThat(version, raw, containsString("Connection: close"));
      assertThat(
          version,
          raw,
          containsString("\"detail\":\"" + version + " is not supported; send HTTP/1.1\""));
    }
    // what cannot become a request line is given up at once, as Helidon alone does: no wait
    for (String notHttp :
        new String[] {"GET / HTTP/1.1\nHost: x\n\n", "\u0016\u0003\u0001\u0002\u0000\u0001\n"}) {
      long started = System.nanoTime();
      String raw = raw(notHttp);
      assertThat(raw.startsWith("HTTP/1.1 505"), is(false));
      assertThat((System.nanoTime() - started) / 1_000_000 < 450, is(true));
    }
    // and HTTP/1.1 on a new connection is served as before
    assertThat(
        raw("GET /files/a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
        matchesPattern("(?s)HTTP/1.1 200 .*"));
  }

  @Test
  void aBodyOverTheServersLimitIs413SayingSo() throws Exception {
    String raw = raw("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n{}");
    assertThat(raw, matchesPattern("(?s)HTTP/1.1 413 .*"));
    assertThat(
        raw, containsString("\"detail\":\"the request body is larger than the server accepts\""));
  }

  @Test
  void headersOverTheServersLimitAreRefusedSayingSo() throws Exception {
    String raw = raw("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(40_000) + "\r\n\r\n");
    assertThat(raw, matchesPattern("(?s)HTTP/1.1 400 .*"));
    assertThat(
        raw,
        containsString(
            "\"detail\":\"the request is malformed, or its headers are larger than the server"
                + " accepts\""));
  }

  /**
   * Sends raw bytes and returns everything the server wrote until it closed the connection or
   * stayed silent for half a second (Helidon keeps a connection open after "Connection: close"
   * until the client closes it).
   */
  private String raw(String request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(500);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketTimeoutException e) {
        // silence: the response is complete
      }
      return got.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
