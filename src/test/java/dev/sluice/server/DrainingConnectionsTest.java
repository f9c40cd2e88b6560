package dev.sluice.server;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.sluice.testing.RunningGateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While the gateway drains, kept-alive connections end between requests: every response says {@code
 * Connection: close} and the server closes the connection after it, so none is left open for the
 * listener's close to cut under a request already written (issue 16: 32 requests written and never
 * answered at SIGTERM, one per kept-alive connection).
 */
class DrainingConnectionsTest {
  private static final Path CONFIG = Path.of("src/test/resources/configs/lifecycle/gateway.yaml");
  private static final String GET = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";

  private RunningGateway gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = RunningGateway.start(CONFIG, Map.of());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void beforeTheDrainAConnectionIsKeptAlive() throws Exception {
    try (Socket s = connect()) {
      for (int i = 0; i < 3; i++) {
        String head = exchange(s);
        assertThat(head, startsWith("HTTP/1.1 200"));
        assertThat(head.toLowerCase(), not(containsString("connection: close")));
      }
    }
  }

  @Test
  void duringTheDrainEveryKeptAliveConnectionIsAnsweredThenClosed() throws Exception {
    List<Socket> kept = new ArrayList<>();
    try {
      for (int i = 0; i < 8; i++) {
        Socket s = connect();
        kept.add(s);
        assertThat(exchange(s), startsWith("HTTP/1.1 200")); // kept alive before the drain
      }
      gateway.server().readiness().drain();
      for (Socket s : kept) {
        String head = exchange(s); // a request on a connection opened before the drain
        assertThat(head, startsWith("HTTP/1.1 200"));
        assertThat(head.toLowerCase(), containsString("connection: close"));
        assertThat(
            "the server closed the connection after answering", s.getInputStream().read(), is(-1));
      }
      try (Socket fresh = connect()) { // new connections are still accepted during the drain
        String head = exchange(fresh);
        assertThat(head, startsWith("HTTP/1.1 200"));
        assertThat(head.toLowerCase(), containsString("connection: close"));
      }
    } finally {
      for (Socket s : kept) {
        s.close();
      }
    }
  }

  @Test
  void readinessItselfAnswersWithConnectionCloseDuringTheDrain() throws Exception {
    gateway.server().readiness().drain();
    try (Socket s = connect()) {
      s.getOutputStream()
          .write("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertThat(head, startsWith("HTTP/1.1 503"));
      assertThat(head.toLowerCase(), containsString("connection: close"));
    }
  }

  private Socket connect() throws Exception {
    Socket s = new Socket("127.0.0.1", gateway.port());
    s.setSoTimeout(5_000);
    return s;
  }

  /** Sends {@code GET /}, reads the head and the 2-byte body ("OK"); returns the head. */
  private static String exchange(Socket s) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(GET.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    String head = readHead(in);
    assertThat(head.toLowerCase(), containsString("content-length: 2"));
    assertThat(new String(in.readNBytes(2), StandardCharsets.US_ASCII), is("OK"));
    return head;
  }

  private static String readHead(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int last4 = 0;
    for (int b; (b = in.read()) >= 0; ) {
      head.write(b);
      last4 = (last4 << 8) | b;
      if (last4 == 0x0d0a0d0a) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    throw new AssertionError("connection closed before the response head: " + head);
  }
}
