package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.sluice.testing.LogCapture;
import dev.sluice.testing.RunningGateway;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https} upstreams: a CA and server certificates made at test time with the JDK's keytool,
 * HTTPS upstreams on loopback (the JDK's HttpsServer), and a gateway that trusts the CA through
 * {@code ca-file} — or does not, or is shown a certificate for another host name.
 */
class ProxyTlsTest {
  private static final String PASS = "changeit";

  @TempDir static Path dir;
  static HttpsServer good;
  static HttpsServer otherName;
  static final List<String> sniSeen = new CopyOnWriteArrayList<>();
  static RunningGateway gw;

  @BeforeAll
  static void start() throws Exception {
    keytool(
        "-genkeypair",
        "-alias",
        "ca",
        "-keyalg",
        "EC",
        "-dname",
        "CN=Sluice Test CA",
        "-ext",
        "bc:c",
        "-validity",
        "2",
        "-keystore",
        "ca.p12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    Path goodStore = serverStore("localhost", "dns:localhost");
    Path otherStore = serverStore("other", "dns:other.example");
    good = https(goodStore);
    otherName = https(otherStore);
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          port: ${SLUICE_PORT}
        route-files: [routes.yaml]
        stacks: {public: []}
        upstreams:
          trusted: {targets: ["https://localhost:GOOD"], ca-file: ca.pem}
          untrusted: {targets: ["https://localhost:GOOD"], outlier: {enabled: false}}
          wrong-name:
            targets: ["https://localhost:OTHER"]
            ca-file: ca.pem
            outlier: {enabled: false}
        """
            .replace("GOOD", String.valueOf(good.getAddress().getPort()))
            .replace("OTHER", String.valueOf(otherName.getAddress().getPort())));
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - {id: trusted, method: GET, path: /trusted, stack: public, proxy: {upstream: trusted}}
          - {id: untrusted, method: GET, path: /untrusted, stack: public,
             proxy: {upstream: untrusted}}
          - {id: wrong-name, method: GET, path: /wrong-name, stack: public,
             proxy: {upstream: wrong-name}}
        """);
    gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of());
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    for (HttpsServer s : new HttpsServer[] {good, otherName}) {
      if (s != null) {
        s.stop(0);
      }
    }
  }

  @Test
  void theCaFileMakesTheUpstreamTrustedWithSniAndTheHostName() throws Exception {
    HttpResponse<String> r = gw.get("/trusted");
    assertThat(r.body(), r.statusCode(), is(200));
    var echo = new ObjectMapper().readTree(r.body());
    assertThat(echo.get("path").asText(), is("/trusted"));
    assertThat(echo.get("host").asText(), is("localhost:" + good.getAddress().getPort()));
    assertThat(sniSeen, hasItem("localhost"));
  }

  @Test
  void withoutTheCaFileTheUpstreamIsNotTrusted() throws Exception {
    assertTlsFailure("/untrusted", "untrusted", "unable to find valid certification path");
  }

  @Test
  void aCertificateForAnotherHostNameIsRefused() throws Exception {
    assertTlsFailure("/wrong-name", "wrong-name", "No subject alternative DNS name matching");
  }

  private static void assertTlsFailure(String path, String upstream, String reason)
      throws Exception {
    try (LogCapture log = LogCapture.of(Level.WARNING)) {
      HttpResponse<String> r = gw.get(path);
      assertThat(r.statusCode(), is(502));
      assertThat(r.headers().firstValue("Content-Type").orElse(""), is("application/problem+json"));
      assertThat(r.body(), containsString("the TLS handshake with upstream " + upstream));
      String line =
          log.await(
              "the TLS warning of " + upstream,
              l -> l.contains("TLS handshake") && l.contains("upstream=" + upstream),
              Duration.ofSeconds(10));
      assertThat(line, containsString(reason));
    }
  }

  /** A key store for a server certificate with {@code san}, signed by the test CA. */
  private static Path serverStore(String alias, String san) throws Exception {
    String store = alias + ".p12";
    keytool(
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-dname",
        "CN=" + alias,
        "-validity",
        "2",
        "-keystore",
        store);
    keytool("-certreq", "-alias", alias, "-keystore", store, "-file", alias + ".csr");
    keytool(
        "-gencert",
        "-alias",
        "ca",
        "-keystore",
        "ca.p12",
        "-infile",
        alias + ".csr",
        "-outfile",
        alias + ".pem",
        "-rfc",
        "-validity",
        "2",
        "-ext",
        "san=" + san);
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
    keytool("-importcert", "-alias", alias, "-file", alias + ".pem", "-keystore", store);
    return dir.resolve(store);
  }

  private static void keytool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storepass", PASS, "-keypass", PASS, "-storetype", "PKCS12"));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("keytool " + String.join(" ", args) + " failed: " + out);
    }
  }

  /** An HTTPS echo of path and Host on localhost, recording the SNI names it is sent. */
  private static HttpsServer https(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASS.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASS.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("localhost"), 0), 16);
    s.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = ctx.getDefaultSSLParameters();
            p.setSNIMatchers(
                List.of(
                    new SNIMatcher(0) {
                      @Override
                      public boolean matches(SNIServerName name) {
                        sniSeen.add(((SNIHostName) name).getAsciiName());
                        return true;
                      }
                    }));
            params.setSSLParameters(p);
          }
        });
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          byte[] b =
              ("{\"path\":\""
                      + ex.getRequestURI().getRawPath()
                      + "\",\"host\":\""
                      + ex.getRequestHeaders().getFirst("Host")
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    return s;
  }
}
