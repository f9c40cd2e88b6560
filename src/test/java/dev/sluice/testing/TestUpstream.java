package dev.sluice.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP service for proxy tests (the JDK's HttpServer on loopback). Every path echoes the request
 * as JSON — method, raw path and query, headers (lower-case names), body length — except: {@code
 * /slow?ms=N} answers after N ms; {@code /bytes?n=N} streams N bytes; {@code /status?code=N}
 * answers N; {@code /healthz} answers 200 while {@link #healthy} is set.
 */
public final class TestUpstream implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String name;
  public final AtomicInteger hits = new AtomicInteger();
  public volatile boolean healthy = true;

  /** Added to every echo answer. */
  public volatile long delayMs;

  private TestUpstream(HttpServer server, String name) {
    this.server = server;
    this.name = name;
  }

  /** Starts on a free loopback port. */
  public static TestUpstream start(String name) throws IOException {
    return start(name, 0);
  }

  /** Starts on {@code port} (0: a free one). */
  public static TestUpstream start(String name, int port) throws IOException {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    TestUpstream u = new TestUpstream(s, name);
    s.createContext("/", u::handle);
    s.start();
    return u;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    Map<String, String> q = query == null ? Map.of() : params(query);
    if (path.equals("/healthz")) {
      byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(healthy ? 200 : 503, b.length);
      ex.getResponseBody().write(b);
      ex.close();
      return;
    }
    hits.incrementAndGet();
    long bodyBytes;
    try (InputStream in = ex.getRequestBody()) {
      bodyBytes = in.transferTo(OutputStream.nullOutputStream());
    }
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (path.equals("/slow")) {
      try {
        Thread.sleep(Long.parseLong(q.getOrDefault("ms", "1000")));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (path.equals("/bytes")) {
      long n = Long.parseLong(q.get("n"));
      ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, q.containsKey("chunked") ? 0 : n);
      byte[] chunk = new byte[64 * 1024];
      try (OutputStream out = ex.getResponseBody()) {
        for (long left = n; left > 0; left -= chunk.length) {
          out.write(chunk, 0, (int) Math.min(chunk.length, left));
        }
      }
      return;
    }
    int status = path.equals("/status") ? Integer.parseInt(q.get("code")) : 200;
    ObjectNode o = JSON.createObjectNode();
    o.put("upstream", name);
    o.put("method", ex.getRequestMethod());
    o.put("path", path);
    o.put("query", query == null ? "" : query);
    o.put("body_bytes", bodyBytes);
    ObjectNode h = o.putObject("headers");
    ex.getRequestHeaders()
        .forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), String.join(", ", v)));
    byte[] body = JSON.writeValueAsBytes(o);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("X-Upstream", name);
    ex.getResponseHeaders().add("Connection", "X-Hop");
    ex.getResponseHeaders().add("X-Hop", "secret");
    ex.getResponseHeaders().add("Keep-Alive", "timeout=5");
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
      ex.sendResponseHeaders(status, -1);
      ex.close();
      return;
    }
    ex.sendResponseHeaders(status, status == 204 ? -1 : body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> m = new java.util.HashMap<>();
    for (String p : query.split("&")) {
      int eq = p.indexOf('=');
      m.put(eq < 0 ? p : p.substring(0, eq), eq < 0 ? "" : p.substring(eq + 1));
    }
    return m;
  }

  /** The names of the upstreams' echoes, for spreading counts. */
  public static List<String> names(List<TestUpstream> upstreams) {
    return upstreams.stream().map(u -> u.name).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
