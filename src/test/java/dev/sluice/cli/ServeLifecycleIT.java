package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** {@code serve} as a process: graceful shutdown on SIGTERM, and a port already in use. */
class ServeLifecycleIT {
  private static final String CONFIG = "src/test/resources/configs/lifecycle/gateway.yaml";

  @Test
  void sigtermDrainsThenStopsAcceptingThenFinishesInFlightAndExitsZero() throws Exception {
    int port = SluiceProcess.freePort();
    try (SluiceProcess p =
        SluiceProcess.start(Map.of("SLUICE_PORT", String.valueOf(port)), "serve", "-c", CONFIG)) {
      p.awaitReady(port);

      CompletableFuture<HttpResponse<String>> slow =
          HttpClient.newHttpClient()
              .sendAsync(get(port, "/slow"), HttpResponse.BodyHandlers.ofString());
      Thread.sleep(500); // the slow request is in flight
      long signalled = System.nanoTime();
      p.process.destroy(); // SIGTERM

      Thread.sleep(500); // inside the 2 s drain delay
      assertThat(send(port, "/readyz").statusCode(), is(503));
      HttpResponse<String> during = send(port, "/");
      assertThat(during.statusCode(), is(200));
      assertThat(during.body(), is("OK"));

      // after the drain delay the listener is closed
      Thread.sleep(Math.max(0, 2_700 - (System.nanoTime() - signalled) / 1_000_000));
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

      HttpResponse<String> slowRes = slow.get();
      assertThat(slowRes.statusCode(), is(200));
      assertThat(slowRes.body(), is("slow"));
      assertThat(p.waitForExit(Duration.ofSeconds(15)), is(0));
      String log = p.out();
      assertThat(
          log,
          containsString(
              "\"msg\":\"shutting down: readiness is 503, still serving during the drain delay\""));
      assertThat(log, containsString("\"msg\":\"stopped\""));
    }
  }

  @Test
  void portInUseIsExit3WithOneClearLine() throws Exception {
    try (ServerSocket taken =
        new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      SluiceProcess.Result r =
          SluiceProcess.run(
              Map.of("SLUICE_PORT", String.valueOf(taken.getLocalPort())), "serve", "-c", CONFIG);
      assertThat(r.err(), r.code(), is(3));
      assertThat(r.err(), containsString("cannot listen on 127.0.0.1:" + taken.getLocalPort()));
      assertThat(r.err().strip().lines().count(), is(1L));
    }
  }

  @Test
  void aHostThatDoesNotResolveIsExit3WithOneClearLine() throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of("SLUICE_HOST", "no.such.host.invalid", "SLUICE_PORT", "0"),
            "serve",
            "-c",
            CONFIG);
    assertThat(r.err(), r.code(), is(3));
    assertThat(r.err(), containsString("cannot listen on no.such.host.invalid:0: "));
    assertThat(r.err(), not(containsString("Exception")));
    assertThat(r.err().strip().lines().count(), is(1L));
  }

  @Test
  void invalidConfigIsExit1AndServesNothing() throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of(), "serve", "-c", "src/test/resources/configs/broken/gateway.yaml");
    assertThat(r.code(), is(1));
    assertThat(r.err(), containsString("b-routes.yaml:"));
  }

  @Test
  void validateConfigAsAProcess() throws Exception {
    SluiceProcess.Result ok =
        SluiceProcess.run(
            Map.of("SLUICE_API_KEY_SHA256", SluiceProcess.TEST_KEY_SHA256), "validate-config");
    assertThat(ok.err() + ok.out(), ok.code(), is(0));
    SluiceProcess.Result missing =
        SluiceProcess.run(Map.of("SLUICE_CONFIG", "nope/gateway.yaml"), "validate-config");
    assertThat(missing.code(), is(2));
    assertThat(missing.err(), containsString("nope/gateway.yaml"));
  }

  /** Issue 18: the shipped config's write routes need a key; without one it does not start. */
  @Test
  void theShippedConfigWithoutTheWriteKeyIsRefused() throws Exception {
    SluiceProcess.Result r =
        SluiceProcess.run(
            Map.of("SLUICE_API_KEY_SHA256", "", "SLUICE_PORT", "0", "SLUICE_METRICS_PORT", "0"),
            "serve");
    assertThat(r.out() + r.err(), r.code(), is(1));
    assertThat(
        r.err(),
        containsString(
            "/stacks/writers/5/auth/api-key/keys/0/sha256: environment variable"
                + " SLUICE_API_KEY_SHA256 is empty: writes need an API key"));
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static HttpResponse<String> send(int port, String path) throws Exception {
    // a new client each time: a new connection, as a load balancer's probe would make
    return HttpClient.newHttpClient().send(get(port, path), HttpResponse.BodyHandlers.ofString());
  }
}
