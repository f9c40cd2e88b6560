package dev.sluice.runtime.middleware;

import static dev.sluice.runtime.middleware.BodyTestSupport.assertProblem;
import static dev.sluice.runtime.middleware.RawHttp.chunked;
import static dev.sluice.runtime.middleware.RawHttp.head;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import dev.sluice.testing.GatewayExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code body-size} over HTTP: POST /upload allows 1 MiB (stack limited), PUT /small 16 bytes
 * (stack tiny), PUT /smaller 4 bytes (the route's own body-size after the stack's).
 */
class BodySizeMiddlewareTest {
  private static final int MIB = 1 << 20;
  private static final String TOO_LARGE = "Request Entity Too Large";
  @RegisterExtension static final GatewayExtension gateway = BodyTestSupport.gateway();

  @Test
  void bodiesUpToTheLimitPassAndKeepTheConnection() throws Exception {
    String exactly16 = "0123456789abcdef";
    RawHttp.Received got =
        RawHttp.send(
            gateway.port(),
            head("PUT /small HTTP/1.1", "Content-Length: 16")
                + exactly16
                + head("PUT /small HTTP/1.1", "Transfer-Encoding: chunked")
                + chunked(exactly16)
                + head("PUT /small HTTP/1.1"),
            3);
    assertThat(got.responses().size(), is(3));
    for (RawHttp.Response r : got.responses()) {
      assertThat(r.status(), is(200));
      assertThat(r.body(), is("small"));
    }
    assertThat(got.closed(), is(false));
  }

  @Test
  void contentLengthOverTheLimitIs413BeforeTheBodyIsSent() throws Exception {
    // only the head is sent: the answer cannot have waited for the body
    RawHttp.Received got =
        RawHttp.send(
            gateway.port(),
            head("PUT /small HTTP/1.1", "Content-Length: 17", "X-Request-Id: size-cl"));
    assertProblem(
        got.only(),
        413,
        TOO_LARGE,
        "the request body is larger than 16B, the limit of this route",
        "/small",
        "size-cl");
    assertThat(got.only().header("Connection").orElseThrow(), is("close"));
    assertThat(got.closed(), is(true));
  }

  @Test
  void chunkedBodyOverTheLimitIs413AndCloses() throws Exception {
    RawHttp.Received got =
        RawHttp.send(
            gateway.port(),
            head("PUT /small HTTP/1.1", "Transfer-Encoding: chunked", "X-Request-Id: size-ch")
                + "9\r\n012345678\r\n9\r\n012345678\r\n");
    assertProblem(
        got.only(),
        413,
        TOO_LARGE,
        "the request body is larger than 16B, the limit of this route",
        "/small",
        "size-ch");
    assertThat(got.only().header("Connection").orElseThrow(), is("close"));
    assertThat(got.closed(), is(true));
  }

  @Test
  void theStricterOfStackAndRouteLimitApplies() throws Exception {
    RawHttp.Response ok =
        RawHttp.send(gateway.port(), head("PUT /smaller HTTP/1.1", "Content-Length: 4") + "1234")
            .only();
    assertThat(ok.status(), is(200));
    RawHttp.Response refused =
        RawHttp.send(
                gateway.port(),
                head("PUT /smaller HTTP/1.1", "Transfer-Encoding: chunked", "X-Request-Id: sz-r")
                    + chunked("12345"))
            .only();
    assertProblem(
        refused,
        413,
        TOO_LARGE,
        "the request body is larger than 4B, the limit of this route",
        "/smaller",
        "sz-r");
  }

  @Test
  void theRestOfARefusedBodyIsNeverReadAsTheNextRequest() throws Exception {
    // Helidon 4.5 keeps reading after a routed "Connection: close": without the gateway closing,
    // this body would be served as a second request (smuggled past whatever sits in front).
    String smuggled = "GET /typed HTTP/1.1\r\nHost: x\r\n\r\n";
    RawHttp.Received got =
        RawHttp.send(
            gateway.port(),
            head("PUT /small HTTP/1.1", "Content-Length: " + smuggled.length()) + smuggled);
    assertThat(got.only().status(), is(413));
    assertThat(got.closed(), is(true));
  }

  @Test
  void expectContinueOverTheLimitIs413WithoutContinue() throws Exception {
    RawHttp.Received got =
        RawHttp.send(
            gateway.port(),
            head("POST /upload HTTP/1.1", "Content-Length: 1073741824", "Expect: 100-continue"));
    assertThat(got.only().status(), is(413));
    assertThat(got.closed(), is(true));
  }

  /** The acceptance test, chunked: 1 GB announced by nothing, refused after 1 MiB. */
  @Test
  void gigabyteChunkedUploadIsRefusedWithinASecond() throws Exception {
    Upload u = upload(head("POST /upload HTTP/1.1", "Transfer-Encoding: chunked"), true);
    assertRefusedQuickly(u);
  }

  /** The acceptance test, with a Content-Length of 1 GB: refused before any of it is read. */
  @Test
  void gigabyteContentLengthUploadIsRefusedWithinASecond() throws Exception {
    Upload u = upload(head("POST /upload HTTP/1.1", "Content-Length: 1073741824"), false);
    assertRefusedQuickly(u);
    // none of it was read: less went through than the route would have accepted
    assertThat("bytes written", u.written(), lessThan((long) MIB));
  }

  private static void assertRefusedQuickly(Upload u) throws Exception {
    RawHttp.Response r = u.received().only();
    assertProblem(
        r,
        413,
        TOO_LARGE,
        "the request body is larger than 1MiB, the limit of this route",
        "/upload",
        "upload");
    assertThat(r.header("Connection").orElseThrow(), is("close"));
    assertThat(u.received().closed(), is(true));
    assertThat("milliseconds until closed", u.millis(), lessThan(1000L));
    // what the client got into the connection bounds what the server read (kernel buffers
    // included); a server draining the upload would have taken everything up to the cap
    assertThat("bytes written", u.written(), lessThan(4L * MIB));
  }

  /** What streaming an upload until the server closed the connection came to. */
  record Upload(RawHttp.Received received, long written, long millis) {}

  /**
   * Writes a 1 GB body after {@code head} (64 KiB at a time; chunk-framed when {@code chunked})
   * while reading the response, until the server closes the connection — or 64 MiB went through,
   * which no server that refuses early lets happen.
   */
  private static Upload upload(String head, boolean chunked) throws Exception {
    long cap = 64L * MIB;
    byte[] data = new byte[64 * 1024];
    Arrays.fill(data, (byte) 'x');
    byte[] piece = data;
    if (chunked) {
      byte[] prefix = "10000\r\n".getBytes(StandardCharsets.US_ASCII);
      piece = new byte[prefix.length + data.length + 2];
      System.arraycopy(prefix, 0, piece, 0, prefix.length);
      System.arraycopy(data, 0, piece, prefix.length, data.length);
      piece[piece.length - 2] = '\r';
      piece[piece.length - 1] = '\n';
    }
    byte[] toWrite = piece;
    AtomicLong written = new AtomicLong();
    try (Socket s = new Socket()) {
      s.setSendBufferSize(64 * 1024);
      s.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
      s.setSoTimeout(3000);
      long start = System.nanoTime();
      Thread writer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      OutputStream out = s.getOutputStream();
                      out.write(
                          (head.replace("\r\n\r\n", "\r\nX-Request-Id: upload\r\n\r\n"))
                              .getBytes(StandardCharsets.US_ASCII));
                      while (written.get() < cap) {
                        out.write(toWrite);
                        written.addAndGet(data.length);
                      }
                    } catch (IOException closedByServer) {
                      // expected: the server closed the connection
                    }
                  });
      RawHttp.Received received = RawHttp.receive(s, 1);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      writer.join(5000);
      return new Upload(received, written.get(), millis);
    }
  }

  @Test
  void argumentsTheSchemaRefuses() throws Exception {
    String at = "src/test/resources/configs/body/invalid/gateway.yaml:";
    assertThat(
        BodyTestSupport.loadErrors("invalid"),
        hasItems(
            at
                + "8:24: /stacks/sizes/0/body-size/max: a size is a whole number with a unit:"
                + " 512B, 16KiB, 1MiB, 1GiB",
            at + "9:18: /stacks/sizes/1/body-size: missing required key \"max\""));
  }

  @Test
  void aLimitAboveTheServersIsRefusedWhenTheFileIsBound() throws Exception {
    assertThat(
        BodyTestSupport.loadErrors("broken"),
        hasItem(
            "src/test/resources/configs/body/broken/gateway.yaml:16:24:"
                + " /stacks/too-big/0/body-size/max: body-size: max 2MiB is above"
                + " server.limits.max-payload-size (1MiB), which refuses such bodies first; lower"
                + " max or raise the server's limit"));
  }
}
