package dev.sluice.runtime.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import dev.sluice.log.Fields;
import dev.sluice.net.Cidr;
import dev.sluice.net.IpAddress;
import dev.sluice.testing.GatewayExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientAddressesTest {
  private static final ClientAddresses TRUSTING =
      ClientAddresses.of(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));

  @ParameterizedTest(name = "peer {0}, X-Forwarded-For \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        // an untrusted peer is the client, whatever it forwards
        "203.0.113.5|198.51.100.1|203.0.113.5",
        "203.0.113.5|10.0.0.1|203.0.113.5",
        "2001:db8::5|198.51.100.1|2001:db8::5",
        // a trusted peer: the right-most entry that is not a trusted proxy
        "10.0.0.1|NONE|10.0.0.1",
        "10.0.0.1|198.51.100.1|198.51.100.1",
        "10.0.0.1|198.51.100.1, 10.0.0.2|198.51.100.1",
        "10.0.0.1|1.1.1.1, 198.51.100.1, 10.0.0.2, 10.0.0.3|198.51.100.1",
        "10.0.0.1|spoofed-by-client, 198.51.100.1|198.51.100.1",
        "fd00::1|2001:db8::7, fd00::2|2001:db8::7",
        "10.0.0.1|2001:db8::7|2001:db8::7",
        "fd00::1|198.51.100.1|198.51.100.1",
        // every entry trusted: the left-most, the furthest hop known
        "10.0.0.1|10.0.0.9, 10.0.0.8|10.0.0.9",
        // IPv4-mapped entries are IPv4, and trusted by an IPv4 CIDR
        "10.0.0.1|198.51.100.1, ::ffff:10.0.0.2|198.51.100.1",
        "10.0.0.1|::ffff:198.51.100.1|198.51.100.1",
        // ports and brackets
        "10.0.0.1|198.51.100.1:4711|198.51.100.1",
        "10.0.0.1|[2001:db8::7]:443|2001:db8::7",
        "10.0.0.1|[2001:db8::7]|2001:db8::7",
        // empty entries are skipped, blanks trimmed
        "10.0.0.1|' , 198.51.100.1 ,, '|198.51.100.1",
        "10.0.0.1|''|10.0.0.1",
        // a malformed entry stops the walk at the last good address
        "10.0.0.1|unknown|10.0.0.1",
        "10.0.0.1|198.51.100.1, unknown, 10.0.0.2|10.0.0.2",
        "10.0.0.1|198.51.100.1, localhost|10.0.0.1",
        "10.0.0.1|198.51.100.1, 010.0.0.2|10.0.0.1",
        "10.0.0.1|198.51.100.1, [10.0.0.2]|10.0.0.1",
        "10.0.0.1|198.51.100.1, 10.0.0.2:99999|10.0.0.1",
        "10.0.0.1|198.51.100.1, [2001:db8::7|10.0.0.1",
        "10.0.0.1|198.51.100.1, 2001:db8::7:443|2001:db8::7:443",
      })
  void resolvesOneHeader(String peer, String forwardedFor, String client) {
    List<String> lines = forwardedFor == null ? List.of() : List.of(forwardedFor);
    assertThat(TRUSTING.resolve(ip(peer), lines).toString(), is(client));
  }

  @Test
  void readsEveryHeaderLineInOrder() {
    assertThat(
        TRUSTING
            .resolve(ip("10.0.0.1"), List.of("1.1.1.1, 198.51.100.1", "10.0.0.3", "10.0.0.4"))
            .toString(),
        is("198.51.100.1"));
    assertThat(
        TRUSTING.resolve(ip("10.0.0.1"), List.of("10.0.0.5", "198.51.100.2")).toString(),
        is("198.51.100.2"));
  }

  @Test
  void withoutTrustedProxiesForwardedForIsIgnored() {
    ClientAddresses direct = ClientAddresses.of(List.of());
    assertThat(direct.resolve(ip("10.0.0.1"), List.of("198.51.100.1")).toString(), is("10.0.0.1"));
    assertThat(direct.trusts(ip("10.0.0.1")), is(false));
  }

  private static IpAddress ip(String text) {
    return IpAddress.parse(text).orElseThrow();
  }

  // Over HTTP: the IPv4 loopback is a trusted proxy (server.trusted-proxies), the IPv6 loopback
  // is not; the access log shows the client address the gateway settled on.

  private static final Logger ACCESS = Logger.getLogger("sluice.access");
  private static final BlockingQueue<Map<String, Object>> LINES = new LinkedBlockingQueue<>();
  private static final Handler CAPTURE =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getParameters() != null && r.getParameters()[0] instanceof Fields f) {
            LINES.add(f.values());
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @RegisterExtension
  static final GatewayExtension gateway =
      GatewayExtension.of("src/test/resources/configs/net/client-address/gateway.yaml")
          .env("NET_TEST_HOST", () -> hasIpv6Loopback() ? "::" : "127.0.0.1");

  private static boolean ipv6;

  @BeforeAll
  static void start() throws Exception {
    ipv6 = hasIpv6Loopback();
    ACCESS.addHandler(CAPTURE);
  }

  @AfterAll
  static void stop() {
    ACCESS.removeHandler(CAPTURE);
  }

  @Test
  void fromATrustedPeerTheRightMostUntrustedEntryIsTheClient() throws Exception {
    String tag = tag();
    HttpResponse<String> res =
        send("127.0.0.1", "/who/" + tag, "X-Forwarded-For", "203.0.113.66, 198.51.100.7, 10.1.1.1");
    assertThat(res.statusCode(), is(200));
    assertThat(clientLogged(tag), is("198.51.100.7"));
  }

  @Test
  void severalForwardedForLinesAreReadAsOneList() throws Exception {
    String tag = tag();
    String raw =
        raw(
            "GET /who/"
                + tag
                + " HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.66, 198.51.100.7\r\n"
                + "X-Forwarded-For: 198.51.100.8\r\nX-Forwarded-For: 10.2.2.2\r\n"
                + "Connection: close\r\n\r\n");
    assertThat(raw.startsWith("HTTP/1.1 200 "), is(true));
    assertThat(clientLogged(tag), is("198.51.100.8"));
  }

  @Test
  void aSpoofedForwardedForFromAnUntrustedPeerIsIgnored() throws Exception {
    Assumptions.assumeTrue(ipv6, "no IPv6 loopback on this machine");
    String tag = tag();
    HttpResponse<String> res = send("[::1]", "/who/" + tag, "X-Forwarded-For", "198.51.100.7");
    assertThat(res.statusCode(), is(200));
    assertThat(clientLogged(tag), is("::1"));
  }

  @Test
  void ipFilterDecidesOnTheResolvedAddress() throws Exception {
    assertThat(
        send("127.0.0.1", "/office", "X-Forwarded-For", "198.51.100.20").statusCode(), is(200));
    assertThat(
        send("127.0.0.1", "/office", "X-Forwarded-For", "203.0.113.20").statusCode(), is(403));
    // the proxy itself is not in the office
    assertThat(send("127.0.0.1", "/office", "X-Forwarded-For", "10.0.0.9").statusCode(), is(403));
    if (ipv6) {
      // an untrusted peer cannot claim an office address
      assertThat(
          send("[::1]", "/office", "X-Forwarded-For", "198.51.100.20").statusCode(), is(403));
    }
  }

  private static String tag() {
    return UUID.randomUUID().toString();
  }

  /** The client_ip of the access-log line of /who/{tag} (written just after the response). */
  private static String clientLogged(String tag) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Map<String, Object> line = LINES.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && ("/who/" + tag).equals(line.get("path"))) {
        return String.valueOf(line.get("client_ip"));
      }
    }
    throw new AssertionError("no access-log line for /who/" + tag);
  }

  private static HttpResponse<String> send(String host, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://" + host + ":" + gateway.port() + path))
            .timeout(Duration.ofSeconds(10));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try (HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build()) {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Sends raw bytes to the IPv4 loopback and reads until the server closes or falls silent. */
  private static String raw(String request) throws Exception {
    try (Socket s =
        new Socket(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), gateway.port())) {
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[8192];
      int n = in.read(buf);
      return new String(Arrays.copyOf(buf, Math.max(n, 0)), StandardCharsets.ISO_8859_1);
    }
  }

  static boolean hasIpv6Loopback() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("::1"))) { // a literal
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
