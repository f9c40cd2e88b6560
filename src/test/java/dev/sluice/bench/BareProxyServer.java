package dev.sluice.bench;

import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Executors;

/**
 * The baselines of {@code MODE=proxy BARE=1 scripts/load_test.sh}: a GET forwarded to one upstream
 * as the plainest Helidon SE 4.5 program would do it, with either HTTP client a proxy could be
 * built on — {@code jdk}: {@code java.net.http.HttpClient} (HTTP/1.1, a virtual-thread executor,
 * the body read whole), as Sluice's proxy uses it; {@code webclient}: Helidon WebClient 4.5 (no
 * redirects, no {@code Expect: 100-continue}), which runs the exchange on the request's own virtual
 * thread. No header handling, no limits, no metrics, no logging: what is left is each client's own
 * cost per hop, measured in the same run as Sluice and nginx (docs/benchmarks.md). Not shipped
 * (test sources).
 *
 * <p>Usage: {@code java -cp target/test-classes:<test class path> dev.sluice.bench.BareProxyServer
 * PORT UPSTREAM_URL jdk|webclient}
 */
public final class BareProxyServer {
  private BareProxyServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String upstream = args[1];
    Handler handler =
        switch (args[2]) {
          case "jdk" -> jdk(upstream);
          case "webclient" -> webclient(upstream);
          default ->
              throw new IllegalArgumentException("client must be jdk or webclient: " + args[2]);
        };
    WebServer server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(port)
            .routing(r -> r.any(handler))
            .build()
            .start();
    System.out.println(args[2] + " proxy listening on " + server.port());
  }

  private static Handler jdk(String upstream) {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    return (req, res) -> {
      HttpResponse<InputStream> up =
          http.send(
              HttpRequest.newBuilder(URI.create(upstream + req.path().rawPath())).GET().build(),
              HttpResponse.BodyHandlers.ofInputStream());
      res.status(Status.create(up.statusCode()));
      try (InputStream in = up.body()) {
        res.send(in.readAllBytes());
      }
    };
  }

  private static Handler webclient(String upstream) {
    WebClient client =
        WebClient.builder()
            .baseUri(upstream)
            .followRedirects(false)
            .sendExpectContinue(false)
            .build();
    return (req, res) -> {
      try (HttpClientResponse up = client.get(req.path().rawPath()).request()) {
        res.status(up.status());
        try (InputStream in = up.inputStream()) {
          res.send(in.readAllBytes());
        }
      }
    };
  }
}
