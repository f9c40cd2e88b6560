package dev.sluice.reliability;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Closed-loop HTTP/1.1 load over raw keep-alive sockets, counting what a client sees: every request
 * written and what became of it. A request is <em>answered</em> (a whole response, by status),
 * <em>unanswered</em> (the connection ended before the first byte of its response), <em>cut</em>
 * (it ended mid-response) or <em>timed out</em> (no whole response within the read timeout). A
 * connection that cannot be opened is <em>refused</em> (no request written). A response that says
 * {@code Connection: close} ends its connection; the next request opens a new one.
 *
 * <p>Each connection is one virtual thread; {@link #stop()} ends them all (a thread finishes the
 * request it is in, bounded by the read timeout).
 */
final class Load implements AutoCloseable {
  private final InetSocketAddress address;
  private final IntFunction<byte[]> requests;
  private final int readTimeoutMillis;
  private final Thread[] workers;
  private volatile boolean running = true;

  final LongAdder written = new LongAdder();
  final LongAdder unanswered = new LongAdder();
  final LongAdder unansweredFresh = new LongAdder();
  final LongAdder cut = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder refused = new LongAdder();
  final LongAdder closeHeaders = new LongAdder();
  final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
  final Map<Integer, AtomicLong> slowestMillis = new ConcurrentHashMap<>();
  final Map<Integer, LongAdder> totalMillis = new ConcurrentHashMap<>();

  /**
   * @param requests the raw bytes of the {@code n}th request (a whole HTTP/1.1 request)
   */
  Load(int port, int connections, IntFunction<byte[]> requests, Duration readTimeout) {
    this.address = new InetSocketAddress("127.0.0.1", port);
    this.requests = requests;
    this.readTimeoutMillis = (int) readTimeout.toMillis();
    this.workers = new Thread[connections];
    for (int i = 0; i < connections; i++) {
      int first = i;
      workers[i] = Thread.ofVirtual().name("load-" + i).start(() -> run(first, connections));
    }
  }

  /** GET requests cycling through {@code paths}. */
  static IntFunction<byte[]> gets(List<String> paths) {
    byte[][] raw = new byte[paths.size()][];
    for (int i = 0; i < raw.length; i++) {
      raw[i] =
          ("GET " + paths.get(i) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: chaos\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
    }
    return n -> raw[n % raw.length];
  }

  /** POST requests to {@code path} with a small JSON body. */
  static IntFunction<byte[]> posts(String path) {
    byte[] raw =
        ("POST "
                + path
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: chaos\r\n"
                + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII);
    return n -> raw;
  }

  private void run(int first, int step) {
    Socket socket = null;
    boolean fresh = true;
    for (int n = first; running; n += step) {
      try {
        if (socket == null) {
          socket = new Socket();
          try {
            socket.connect(address, 2_000);
          } catch (IOException e) {
            socket.close();
            socket = null;
            refused.increment();
            pause();
            continue;
          }
          socket.setSoTimeout(readTimeoutMillis);
          fresh = true;
        }
        Outcome o = exchange(socket, requests.apply(n));
        if (o.keepAlive()) {
          fresh = false;
        } else {
          socket.close();
          socket = null;
        }
      } catch (Unanswered e) {
        unanswered.increment();
        if (fresh) {
          unansweredFresh.increment();
        }
        socket = closeQuietly(socket);
      } catch (SocketTimeoutException e) {
        timedOut.increment();
        socket = closeQuietly(socket);
      } catch (IOException e) {
        cut.increment();
        socket = closeQuietly(socket);
      }
    }
    closeQuietly(socket);
  }

  private record Outcome(boolean keepAlive) {}

  /** The connection ended (EOF or reset) before the first byte of the response. */
  private static final class Unanswered extends IOException {
    private static final long serialVersionUID = 1L;
  }

  private Outcome exchange(Socket socket, byte[] request) throws IOException {
    long start = System.nanoTime();
    OutputStream out = socket.getOutputStream();
    written.increment();
    try {
      out.write(request);
      out.flush();
    } catch (IOException e) {
      throw new Unanswered(); // the server had closed the connection
    }
    InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
    String head;
    try {
      int b = in.read();
      if (b < 0) {
        throw new Unanswered();
      }
      head = (char) b + readHead(in);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (Unanswered e) {
      throw e;
    } catch (IOException e) {
      throw new Unanswered(); // reset before any byte of the response
    }
    int status = Integer.parseInt(head.substring(9, 12));
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int cl = lower.indexOf("\r\ncontent-length:");
    if (cl >= 0) {
      int end = lower.indexOf('\r', cl + 2);
      long len = Long.parseLong(lower.substring(cl + 17, end).trim());
      in.skipNBytes(len);
    } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
      skipChunks(in);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
    slowestMillis
        .computeIfAbsent(status, s -> new AtomicLong())
        .accumulateAndGet(millis, Math::max);
    totalMillis.computeIfAbsent(status, s -> new LongAdder()).add(millis);
    boolean close = lower.contains("\r\nconnection: close");
    if (close) {
      closeHeaders.increment();
    }
    return new Outcome(!close);
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    int last4 = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.append((char) b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toString();
      }
    }
    throw new IOException("the connection ended inside the response head");
  }

  private static void skipChunks(InputStream in) throws IOException {
    while (true) {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new IOException("the connection ended inside a chunked body");
        }
        line.append((char) b);
      }
      String size = line.toString().trim();
      int semi = size.indexOf(';');
      int n = Integer.parseInt(semi >= 0 ? size.substring(0, semi) : size, 16);
      in.skipNBytes(n + 2L); // the chunk and its CRLF
      if (n == 0) {
        return; // no trailers are sent
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static Socket closeQuietly(Socket s) {
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        // closing a broken connection
      }
    }
    return null;
  }

  /** Ends every connection's loop and waits for them (at most the read timeout and a second). */
  void stop() throws InterruptedException {
    running = false;
    long deadline = System.nanoTime() + (readTimeoutMillis + 1_000) * 1_000_000L;
    for (Thread t : workers) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left > 0) {
        t.join(left);
      }
    }
  }

  long answered() {
    return statuses.values().stream().mapToLong(LongAdder::sum).sum();
  }

  long answered(int status) {
    LongAdder a = statuses.get(status);
    return a == null ? 0 : a.sum();
  }

  /** Requests written that got no whole response. */
  long lost() {
    return unanswered.sum() + cut.sum() + timedOut.sum();
  }

  /** The slowest answer with {@code status}, in milliseconds (0 when none). */
  long slowest(int status) {
    AtomicLong a = slowestMillis.get(status);
    return a == null ? 0 : a.get();
  }

  /** The slowest answer of any status, in milliseconds. */
  long slowest() {
    return slowestMillis.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
  }

  /** The mean time of the answers with {@code status}, in milliseconds (0 when none). */
  long mean(int status) {
    long n = answered(status);
    LongAdder total = totalMillis.get(status);
    return n == 0 || total == null ? 0 : total.sum() / n;
  }

  /** "200=41230 404=12" */
  String statusCounts() {
    StringBuilder sb = new StringBuilder();
    new TreeMap<>(statuses)
        .forEach((s, n) -> sb.append(sb.isEmpty() ? "" : " ").append(s).append('=').append(n));
    return sb.toString();
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
