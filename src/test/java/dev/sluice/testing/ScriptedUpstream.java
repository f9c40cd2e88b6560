package dev.sluice.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP/1.1 upstream on loopback written at the byte level, for what a well-behaved server
 * library will not do: answer part of a body and stall, send trailers, see an {@code Expect} header
 * before the body. One request per connection: the {@link Script} gets the request head and the
 * connection's streams, answers, and the connection is closed when it returns (so scripts send
 * {@code Connection: close}, or the gateway's client would count on reusing it).
 */
public final class ScriptedUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final Script script;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  /** The request heads received, in order (request line and headers, without the blank line). */
  public final List<String> heads = new CopyOnWriteArrayList<>();

  /** How one request is answered. */
  @FunctionalInterface
  public interface Script {
    /** Answers the request whose head is {@code head}; its body, if any, is still in {@code in}. */
    void answer(String head, InputStream in, OutputStream out) throws IOException;
  }

  private ScriptedUpstream(Script script) throws IOException {
    this.script = script;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    Thread.ofVirtual().name("scripted-upstream").start(this::acceptLoop);
  }

  public static ScriptedUpstream start(Script script) throws IOException {
    return new ScriptedUpstream(script);
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        open.add(s);
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(30_000); // a stall ends at the latest then
      InputStream in = s.getInputStream();
      String head = readHead(in);
      if (head == null) {
        return;
      }
      heads.add(head);
      OutputStream out = s.getOutputStream();
      script.answer(head, in, out);
      out.flush();
    } catch (IOException e) {
      // the gateway went away: nothing to answer
    } finally {
      open.remove(s);
    }
  }

  /** The request head up to its blank line, or null when the connection closed first. */
  public static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int c; (c = in.read()) >= 0; ) {
      b.write(c);
      matched = c == end[matched] ? matched + 1 : c == '\r' ? 1 : 0;
      if (matched == 4) {
        String text = b.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
      }
    }
    return null;
  }

  /** Writes {@code text} as ISO-8859-1 and flushes. */
  public static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Blocks until the gateway closes the connection (or 30 s pass): a stalled upstream. */
  public static void stall(InputStream in) throws IOException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    try {
      while (System.nanoTime() < deadline && in.read() >= 0) {
        // discard whatever comes; a read returning -1 or failing means the peer closed
      }
    } catch (SocketException e) {
      // reset by the gateway
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
  }
}
