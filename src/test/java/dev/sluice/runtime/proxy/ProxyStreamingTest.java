package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThan;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.RunningGateway;
import dev.sluice.testing.TestUpstream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream through a proxy route both ways: half-way through an upload and a download, after a
 * full GC, the heap holds less than 64 MiB more than before. 256 MiB each way by default; 1 GiB
 * with {@code -Dsluice.long=true} (the figure, slower).
 */
class ProxyStreamingTest {
  private static final long SIZE =
      Boolean.getBoolean("sluice.long") ? 1L << 30 : 256L * 1024 * 1024;
  private static final long MAX_GROWTH = 64L * 1024 * 1024;

  @TempDir static Path dir;
  static TestUpstream upstream;
  static RunningGateway gw;
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    upstream = TestUpstream.start("big");
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
          limits: {max-payload-size: 2GiB}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          big: {targets: ["URL"], timeout: 10m}
        """
            .replace("URL", upstream.url()));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: big
            method: [GET, POST]
            path: /big/{rest...}
            stack: public
            params: {rest: {in: path}}
            proxy: {upstream: big, path: "/{rest}"}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    upstream.close();
  }

  /** Heap in use after a full collection. */
  private static long retainedHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Test
  void aLargeDownloadStreamsWithBoundedHeap() throws Exception {
    long before = retainedHeap();
    HttpResponse<InputStream> r =
        CLIENT.send(
            HttpRequest.newBuilder(gw.uri("/big/bytes?n=" + SIZE + "&chunked")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode(), is(200));
    long read = 0;
    long during = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = r.body()) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        long half = SIZE / 2;
        if (read < half && read + n >= half) {
          during = retainedHeap();
        }
        read += n;
      }
    }
    assertThat(read, is(SIZE));
    assertThat(during - before, lessThan(MAX_GROWTH));
  }

  @Test
  void aLargeUploadStreamsWithBoundedHeap() throws Exception {
    long before = retainedHeap();
    long[] during = new long[1];
    HttpResponse<String> r =
        CLIENT.send(
            HttpRequest.newBuilder(gw.uri("/big/upload"))
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(SIZE, during)),
                        SIZE))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.body(), r.statusCode(), is(200));
    assertThat(new ObjectMapper().readTree(r.body()).get("body_bytes").asLong(), is(SIZE));
    assertThat(during[0] - before, lessThan(MAX_GROWTH));
  }

  /**
   * A client that sends part of an upload and then stops holds up only its own request: GETs to the
   * same upstream beside it answer at once. The HTTP client's steps run on its selector thread, so
   * the body must not be read there: with the JDK's {@code BodyPublishers.ofInputStream} the read
   * of the stalled body blocked that thread and these GETs timed out ({@link BodyStream}).
   */
  @Test
  void aStalledUploadHoldsUpNoCallBesideIt() throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), gw.port())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "POST /big/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 16777216\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i < 16; i++) {
        out.write(new byte[64 * 1024]); // 1 MiB of the 16, then nothing
      }
      out.flush();
      Thread.sleep(500); // the upstream call is open, its body read up to where the client stopped
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        HttpResponse<String> r =
            CLIENT.send(
                HttpRequest.newBuilder(gw.uri("/big/beside?i=" + i))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.body(), r.statusCode(), is(200));
        assertThat(
            "GET " + i + " took (ms)", (System.nanoTime() - start) / 1_000_000, lessThan(3_000L));
      }
    }
  }

  /** {@code size} zero bytes; measures the retained heap when half are read. */
  private static final class Zeros extends InputStream {
    private final long size;
    private final long[] during;
    private long left;

    Zeros(long size, long[] during) {
      this.size = size;
      this.left = size;
      this.during = during;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : 0;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) 0);
      if (left > size / 2 && left - n <= size / 2) {
        during[0] = retainedHeap();
      }
      left -= n;
      return n;
    }
  }
}
