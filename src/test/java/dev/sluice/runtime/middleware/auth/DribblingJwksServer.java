package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JWKS server on a plain loopback socket that serves a path either at once or, once told to
 * dribble it, as a response head promising a large body followed by one byte every {@code 200 ms}
 * for as long as the client stays connected — the slow JWKS server of issue 18 item 2.
 */
final class DribblingJwksServer implements AutoCloseable {
  private static final int PROMISED_BYTES = 100_000;
  private static final long BYTE_EVERY_MS = 200;

  private final ServerSocket socket;
  private final Thread acceptor;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final Set<String> dribbled = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> dribbling = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DribblingJwksServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = Thread.ofVirtual().name("dribbling-jwks").start(this::accept);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Serves the public parts of {@code keys} at {@code path}, at once. */
  void publish(String path, List<? extends JWK> keys) {
    documents.put(path, new JWKSet(List.copyOf(keys)).toPublicJWKSet().toString());
    dribbled.remove(path);
  }

  /** From now on, answers {@code path} a byte at a time. */
  void dribble(String path) {
    dribbled.add(path);
  }

  /** Connections now being dribbled to on {@code path}. */
  int dribbling(String path) {
    AtomicInteger n = dribbling.get(path);
    return n == null ? 0 : n.get();
  }

  int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket s = socket.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      String requestLine = in.readLine();
      if (requestLine == null) {
        return;
      }
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        // headers: ignored
      }
      String path = requestLine.split(" ")[1];
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      OutputStream out = s.getOutputStream();
      if (dribbled.contains(path)) {
        dribbleTo(out, path);
        return;
      }
      String doc = documents.getOrDefault(path, "{\"error\":\"unavailable\"}");
      byte[] body = doc.getBytes(StandardCharsets.UTF_8);
      String status = documents.containsKey(path) ? "200 OK" : "500 Internal Server Error";
      out.write(head(status, body.length));
      out.write(body);
      out.flush();
    } catch (IOException e) {
      // the client went away
    }
  }

  private void dribbleTo(OutputStream out, String path) throws IOException {
    AtomicInteger active = dribbling.computeIfAbsent(path, p -> new AtomicInteger());
    active.incrementAndGet();
    try {
      out.write(head("200 OK", PROMISED_BYTES));
      out.write('{');
      out.flush();
      for (int i = 1; i < PROMISED_BYTES && !closed; i++) {
        Thread.sleep(BYTE_EVERY_MS);
        out.write(' ');
        out.flush(); // fails once the client has given up
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      active.decrementAndGet();
    }
  }

  private static byte[] head(String status, int length) {
    return ("HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/jwk-set+json\r\nContent-Length: "
            + length
            + "\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    socket.close();
    acceptor.interrupt();
  }
}
