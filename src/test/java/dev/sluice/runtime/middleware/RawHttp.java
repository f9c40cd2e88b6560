package dev.sluice.runtime.middleware;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket, for the body tests: exact headers and framing (Content-Length,
 * chunked, Expect), and whether the server closed the connection after answering.
 */
final class RawHttp {
  private RawHttp() {}

  /** One parsed response; header names in lower case. */
  record Response(int status, Map<String, List<String>> headers, String body) {
    Optional<String> header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null ? Optional.empty() : Optional.of(v.get(0));
    }
  }

  /** Everything the server wrote, and whether it then closed the connection. */
  record Received(List<Response> responses, boolean closed) {
    Response only() {
      if (responses.size() != 1) {
        throw new AssertionError("expected one response, got " + responses);
      }
      return responses.get(0);
    }
  }

  /**
   * Writes {@code text} and reads until the server closes the connection, or {@code expected}
   * responses are complete and nothing more comes for 150 ms, or nothing comes for 2 s.
   */
  static Received send(int port, String text, int expected) throws IOException {
    return send(port, text.getBytes(StandardCharsets.UTF_8), expected);
  }

  /** {@link #send(int, String, int)} with the request's exact bytes (e.g. malformed UTF-8). */
  static Received send(int port, byte[] request, int expected) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      return receive(s, expected);
    }
  }

  /** {@link #send(int, String, int)} expecting one response. */
  static Received send(int port, String text) throws IOException {
    return send(port, text, 1);
  }

  /** Reads responses until EOF or reset (closed), or silence (open); see {@link #send}. */
  static Received receive(Socket s, int expected) throws IOException {
    InputStream in = s.getInputStream();
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    boolean closed;
    try {
      for (int n; ; ) {
        n = in.read(buf);
        if (n < 0) {
          closed = true;
          break;
        }
        got.write(buf, 0, n);
        if (complete(got.toString(StandardCharsets.ISO_8859_1)) >= expected) {
          s.setSoTimeout(150);
        }
      }
    } catch (SocketTimeoutException e) {
      closed = false;
    } catch (SocketException e) {
      closed = true; // reset: closed with unread data on its side
    }
    return new Received(parse(got.toString(StandardCharsets.ISO_8859_1)), closed);
  }

  /** How many complete responses {@code raw} holds. */
  private static int complete(String raw) {
    int count = 0;
    int at = 0;
    while (true) {
      int end = raw.indexOf("\r\n\r\n", at);
      if (end < 0) {
        return count;
      }
      String head = raw.substring(at, end).toLowerCase(Locale.ROOT);
      int cl = head.indexOf("\r\ncontent-length:");
      int length = 0;
      if (cl >= 0) {
        int eol = head.indexOf("\r\n", cl + 2);
        String v = head.substring(cl + 17, eol < 0 ? head.length() : eol);
        length = Integer.parseInt(v.strip());
      }
      if (raw.length() < end + 4 + length) {
        return count;
      }
      count++;
      at = end + 4 + length;
    }
  }

  /** Responses with Content-Length framing (what the gateway writes), read as ISO-8859-1. */
  static List<Response> parse(String raw) {
    List<Response> out = new ArrayList<>();
    int at = 0;
    while (at < raw.length()) {
      int end = raw.indexOf("\r\n\r\n", at);
      if (end < 0) {
        throw new AssertionError("incomplete response: " + raw.substring(at));
      }
      String[] lines = raw.substring(at, end).split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", List.of("0")).get(0));
      int bodyStart = end + 4;
      String body = raw.substring(bodyStart, bodyStart + length);
      out.add(
          new Response(
              status,
              headers,
              new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8)));
      at = bodyStart + length;
    }
    return out;
  }

  /** A request head: request line, Host, the given header lines, blank line. */
  static String head(String requestLine, String... headers) {
    StringBuilder b = new StringBuilder(requestLine).append("\r\nHost: test\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /** {@code body} as one chunk and the last chunk. */
  static String chunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return (bytes.length == 0 ? "" : Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n")
        + "0\r\n\r\n";
  }
}
