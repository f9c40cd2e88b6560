package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy handler over real sockets: a gateway in front of upstreams the test starts (the JDK's
 * HttpServer), covering paths, query strings, bodies, headers both ways, failures and retries.
 */
class ProxyHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static TestUpstream a;
  static TestUpstream b;
  static TestUpstream flaky;
  static TestUpstream checked;
  static TestUpstream slowOne;
  static int deadPort;
  static int flakyPort;
  static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    a = TestUpstream.start("a");
    b = TestUpstream.start("b");
    flaky = TestUpstream.start("flaky");
    flakyPort = flaky.port();
    checked = TestUpstream.start("checked");
    slowOne = TestUpstream.start("slow-one");
    slowOne.delayMs = 100;
    deadPort = freePort();
    String dead = "http://127.0.0.1:" + deadPort;
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          one: {targets: ["@A"]}
          two: {targets: ["@A", "@B"]}
          dead-first: {targets: ["@DEAD", "@A"], outlier: {enabled: false}}
          dead-post: {targets: ["@DEAD", "@A"], outlier: {enabled: false}}
          flaky: {targets: ["@F"], outlier: {consecutive-failures: 1, eject-for: 1500ms}}
          checked:
            targets: ["@C"]
            health-check: {path: /healthz, interval: 100ms, timeout: 100ms, unhealthy-after: 1, healthy-after: 1}
          least: {targets: ["@A", "@S"], balance: least-requests}
        """
            .replace("@A", a.url())
            .replace("@B", b.url())
            .replace("@DEAD", dead)
            .replace("@F", flaky.url())
            .replace("@C", checked.url())
            .replace("@S", slowOne.url()));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: orders
            method: [GET, POST]
            path: /api/orders/{rest...}
            stack: public
            params: {rest: {in: path}}
            proxy:
              upstream: one
              path: /v2/orders/{rest}
              headers: {set: {X-Tenant: acme}, remove: [Cookie]}
          - id: plain
            method: ANY
            path: /plain/{rest...}
            stack: public
            params: {rest: {in: path}}
            proxy: {upstream: one, path: "/{rest}"}
          - id: slow
            method: GET
            path: /slow
            stack: public
            proxy: {upstream: one, timeout: 300ms}
          - id: spread
            method: GET
            path: /spread
            stack: public
            proxy: {upstream: two}
          - id: dead-get
            method: GET
            path: /dead-get
            stack: public
            proxy: {upstream: dead-first}
          - id: dead-post
            method: POST
            path: /dead-post
            stack: public
            proxy: {upstream: dead-post}
          - id: flaky
            method: GET
            path: /flaky
            stack: public
            proxy: {upstream: flaky}
          - id: checked
            method: GET
            path: /checked
            stack: public
            proxy: {upstream: checked}
          - id: least
            method: GET
            path: /least
            stack: public
            proxy: {upstream: least}
          - id: preserve
            method: GET
            path: /preserve
            stack: public
            proxy: {upstream: one, preserve-host: true}
          - id: inline
            method: GET
            path: /inline
            stack: public
            proxy: {url: "INLINE", path: /status}
        """
            .replace("INLINE", b.url()));
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    a.close();
    b.close();
    flaky.close();
    checked.close();
    slowOne.close();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void rewritesThePathAndPassesTheQueryUnchanged() throws Exception {
    HttpResponse<String> r = gw.get("/api/orders/a/b%20c/d%2Fe?x=1&y=%2F&y=2&flag");
    assertThat(r.statusCode(), is(200));
    JsonNode echo = json(r);
    assertThat(echo.get("path").asText(), is("/v2/orders/a/b%20c/d%2Fe"));
    assertThat(echo.get("query").asText(), is("x=1&y=%2F&y=2&flag"));
    assertThat(echo.get("method").asText(), is("GET"));
  }

  @Test
  void encodedTraversalNeverBecomesStructure() throws Exception {
    int before = a.hits.get();
    for (String path :
        new String[] {
          "/api/orders/..%2F..%2Fadmin", "/api/orders/%2e%2e/admin", "/api/orders/x/%2E/y"
        }) {
      HttpResponse<String> r = gw.get(path);
      assertThat(path, r.statusCode(), is(400));
      assertThat(r.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
    }
    assertThat(a.hits.get(), is(before));
    JsonNode crlf = json(gw.get("/api/orders/a%0D%0AX-Injected:%20yes%3Fq=1"));
    assertThat(crlf.get("path").asText(), is("/v2/orders/a%0D%0AX-Injected:%20yes%3Fq=1"));
    assertThat(crlf.get("query").asText(), is(""));
    assertThat(crlf.get("headers").has("x-injected"), is(false));
  }

  @Test
  void bodiesPassWithTheirLengthOrChunked() throws Exception {
    HttpResponse<String> fixed =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/api/orders/new"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))));
    assertThat(json(fixed).get("body_bytes").asLong(), is(100_000L));
    assertThat(json(fixed).get("headers").get("content-length").asText(), is("100000"));
    byte[] chunk = new byte[300_000];
    HttpResponse<String> chunked =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/api/orders/new"))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(chunk))));
    assertThat(json(chunked).get("body_bytes").asLong(), is(300_000L));
    assertThat(json(chunked).get("headers").get("transfer-encoding").asText(), is("chunked"));
  }

  @Test
  void aLargeDownloadStreams() throws Exception {
    long n = 64L * 1024 * 1024;
    HttpResponse<InputStream> r =
        HttpClientHolder.CLIENT.send(
            HttpRequest.newBuilder(gw.uri("/plain/bytes?n=" + n)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode(), is(200));
    assertThat(r.headers().firstValue("Content-Length").orElse(""), is(String.valueOf(n)));
    try (InputStream in = r.body()) {
      assertThat(in.transferTo(OutputStream.nullOutputStream()), is(n));
    }
  }

  @Test
  void headersAreStrippedSetAndAppended() throws Exception {
    HttpResponse<String> r =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/api/orders/h"))
                .header("Cookie", "session=1")
                .header("X-Tenant", "evil")
                .header("X-Forwarded-For", "6.6.6.6")
                .header("Forwarded", "for=6.6.6.6")
                .header("Proxy-Authorization", "Basic x")
                .header("X-Request-Id", "req-42")
                .header("X-Kept", "yes")
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    JsonNode h = json(r).get("headers");
    assertThat(h.has("cookie"), is(false));
    assertThat(h.has("proxy-authorization"), is(false));
    assertThat(h.get("x-tenant").asText(), is("acme"));
    assertThat(h.get("x-kept").asText(), is("yes"));
    assertThat(h.get("x-forwarded-for").asText(), is("127.0.0.1"));
    assertThat(h.get("x-forwarded-proto").asText(), is("http"));
    assertThat(h.get("x-forwarded-host").asText(), is("127.0.0.1:" + gw.port()));
    assertThat(
        h.get("forwarded").asText(),
        is("for=127.0.0.1;proto=http;host=\"127.0.0.1:" + gw.port() + "\""));
    assertThat(h.get("x-request-id").asText(), is("req-42"));
    assertThat(h.get("host").asText(), is("127.0.0.1:" + a.port()));
    // tracing is off: the client's trace context passes through untouched
    assertThat(
        h.get("traceparent").asText(),
        is("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
    // and the response's hop-by-hop headers stay behind
    assertThat(r.headers().firstValue("X-Upstream").orElse(""), is("a"));
    assertThat(r.headers().firstValue("X-Hop").isPresent(), is(false));
    assertThat(r.headers().firstValue("Keep-Alive").isPresent(), is(false));
  }

  @Test
  void statusesAndHeadPassThrough() throws Exception {
    HttpResponse<String> created = gw.get("/plain/status?code=201");
    assertThat(created.statusCode(), is(201));
    HttpResponse<String> notFound = gw.get("/plain/status?code=404");
    assertThat(notFound.statusCode(), is(404));
    assertThat(json(notFound).get("upstream").asText(), is("a"));
    HttpResponse<String> head =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/plain/x"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertThat(head.statusCode(), is(200));
    assertThat(head.body(), is(""));
    assertThat(
        Long.parseLong(head.headers().firstValue("Content-Length").orElse("0")),
        greaterThanOrEqualTo(10L));
    HttpResponse<String> put =
        gw.send(
            HttpRequest.newBuilder(gw.uri("/plain/any"))
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(json(put).get("method").asText(), is("PUT"));
    HttpResponse<String> inline = gw.get("/inline?code=202");
    assertThat(inline.statusCode(), is(202));
    assertThat(json(inline).get("upstream").asText(), is("b"));
  }

  @Test
  void contentLengthWithTransferEncodingIsRefused() throws Exception {
    String answer =
        raw(
            "POST /api/orders/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    assertThat(answer, startsWith("HTTP/1.1 400"));
  }

  @Test
  void websocketUpgradeIsRefusedWith501() throws Exception {
    String answer =
        raw(
            "GET /plain/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
    assertThat(answer, allOf(startsWith("HTTP/1.1 501"), containsString("not proxied")));
  }

  @Test
  void aSlowUpstreamIsA504OnTime() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = gw.get("/slow?ms=5000");
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertThat(r.statusCode(), is(504));
    assertThat(r.body(), containsString("did not answer in time"));
    assertThat(ms, lessThan(3000L)); // 300ms route timeout; the upstream would take 5s
  }

  @Test
  void aDeadTargetIsRetriedForGetAndNotForPost() throws Exception {
    // round-robin starts at the dead target: the GET goes on to the live one
    HttpResponse<String> get = gw.get("/dead-get");
    assertThat(get.statusCode(), is(200));
    HttpResponse<String> post = gw.postJson("/dead-post", "{}");
    assertThat(post.statusCode(), is(502));
    assertThat(post.body(), containsString("refused the connection"));
    assertThat(
        post.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
  }

  @Test
  void roundRobinSpreadsEvenly() throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 1000; i++) {
      counts.merge(json(gw.get("/spread")).get("upstream").asText(), 1, Integer::sum);
    }
    assertThat(counts.get("a"), allOf(greaterThanOrEqualTo(475), lessThan(526)));
    assertThat(counts.get("b"), allOf(greaterThanOrEqualTo(475), lessThan(526)));
  }

  @Test
  void aFailingTargetIsEjectedThen503ThenReadmitted() throws Exception {
    flaky.close();
    HttpResponse<String> refused = gw.get("/flaky");
    assertThat(refused.statusCode(), is(502));
    HttpResponse<String> ejected = gw.get("/flaky");
    assertThat(ejected.statusCode(), is(503));
    assertThat(ejected.headers().firstValue("Retry-After").orElse(""), matchesPattern("[12]"));
    flaky = TestUpstream.start("flaky", flakyPort);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status = 0;
    while (System.nanoTime() < deadline && (status = gw.get("/flaky").statusCode()) != 200) {
      Thread.sleep(100);
    }
    assertThat(status, is(200));
  }

  @Test
  void healthChecksTakeATargetOutAndBringItBack() throws Exception {
    assertThat(awaitStatus("/checked", 200), is(200));
    checked.healthy = false;
    assertThat(awaitStatus("/checked", 503), is(503));
    HttpResponse<String> verbose = gw.get("/readyz?verbose");
    assertThat(verbose.statusCode(), is(200)); // an upstream down is not Sluice's readiness
    assertThat(verbose.body(), containsString("\"name\":\"checked\""));
    assertThat(verbose.body(), containsString("failing its health checks"));
    checked.healthy = true;
    assertThat(awaitStatus("/checked", 200), is(200));
  }

  @Test
  void leastRequestsFavoursTheFasterTarget() throws Exception {
    Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < 8; c++) {
        pool.submit(
            () -> {
              for (int i = 0; i < 15; i++) {
                counts.merge(json(gw.get("/least")).get("upstream").asText(), 1, Integer::sum);
              }
              return null;
            });
      }
    }
    assertThat(
        counts.toString(),
        counts.getOrDefault("a", 0),
        greaterThanOrEqualTo(2 * counts.getOrDefault("slow-one", 0)));
  }

  @Test
  void metricsNameTheUpstreamTargets() throws Exception {
    gw.get("/spread");
    String metrics = gw.get("/metrics").body();
    assertThat(
        metrics,
        containsString(
            "http_client_request_duration_seconds_count{http_request_method=\"GET\","
                + "http_response_status_code=\"200\",scope=\"application\","
                + "server_address=\"127.0.0.1:"
                + b.port()
                + "\""));
    assertThat(
        metrics,
        containsString(
            "sluice_upstream_target_up{scope=\"application\",target=\"127.0.0.1:"
                + a.port()
                + "\",upstream=\"two\",} 1.0"));
    assertThat(
        metrics,
        containsString(
            "sluice_upstream_retries_total{scope=\"application\",upstream=\"dead-first\",}"));
  }

  @Test
  void preserveHostPassesTheClientsHost() throws Exception {
    JsonNode h = json(gw.get("/preserve")).get("headers");
    assertThat(h.get("host").asText(), is("127.0.0.1:" + gw.port()));
  }

  /** Asks {@code path} until it answers {@code status} or 10 s pass; the last status. */
  private static int awaitStatus(String path, int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int last;
    while ((last = gw.get(path).statusCode()) != status && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return last;
  }

  private String raw(String request) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      byte[] buf = new byte[4096];
      int n = s.getInputStream().read(buf);
      return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  /** A client for streamed responses. */
  private static final class HttpClientHolder {
    static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newHttpClient();
  }
}
