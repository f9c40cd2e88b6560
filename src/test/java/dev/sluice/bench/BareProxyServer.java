package dev.sluice.bench;

import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.Handler;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The baselines of {@code MODE=proxy BARE=1 scripts/load_test.sh}: a GET forwarded to one upstream
 * as the plainest Helidon SE 4.5 program would do it, with either HTTP client a proxy could be
 * built on — {@code jdk}: {@code java.net.http.HttpClient} (HTTP/1.1, a virtual-thread executor,
 * the body read whole), as Sluice's proxy uses it; {@code jdk-timeout}: the same with a request
 * timeout, as Sluice sets one (the client then registers a timer with its selector thread on every
 * request); {@code jdk-direct}: the same client with a direct executor ({@code Runnable::run}: its
 * dependent tasks, parsing the response and completing the future, run on its selector thread
 * instead of a new virtual thread each); {@code webclient}: Helidon WebClient 4.5 (no redirects, no
 * {@code Expect: 100-continue}), which runs the exchange on the request's own virtual thread;
 * {@code helidon-vertx}: the Helidon server with the Vert.x 5 HttpClient, the request's virtual
 * thread waiting on the client's future. And one without Helidon or virtual threads, the ceiling of
 * a Java proxy on this machine: {@code eventloop}, a Vert.x 5 HttpServer and HttpClient (Netty,
 * native epoll) with one event loop per core, each loop serving its connections and forwarding on a
 * keep-alive pool of its own (pipelining off), so a request never leaves its loop. No header
 * handling, no limits, no metrics, no logging: what is left is each client's own cost per hop,
 * measured in the same run as Sluice and nginx (docs/benchmarks.md). Not shipped (test sources).
 *
 * <p>Usage: {@code java -cp target/test-classes:<test class path> dev.sluice.bench.BareProxyServer
 * PORT UPSTREAM_URL jdk|jdk-timeout|jdk-direct|webclient|helidon-vertx|eventloop}
 */
public final class BareProxyServer {
  private BareProxyServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String upstream = args[1];
    if (args[2].equals("eventloop")) {
      EventLoopProxy.start(port, URI.create(upstream));
      System.out.println("eventloop proxy listening on " + port);
      return;
    }
    Handler handler =
        switch (args[2]) {
          case "jdk" -> jdk(upstream, null, Executors.newVirtualThreadPerTaskExecutor());
          case "jdk-timeout" ->
              jdk(upstream, Duration.ofSeconds(10), Executors.newVirtualThreadPerTaskExecutor());
          case "jdk-direct" -> jdk(upstream, null, Runnable::run);
          case "webclient" -> webclient(upstream);
          case "helidon-vertx" -> helidonVertx(URI.create(upstream));
          default ->
              throw new IllegalArgumentException(
                  "client must be jdk, jdk-timeout, jdk-direct, webclient, helidon-vertx or"
                      + " eventloop: "
                      + args[2]);
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

  /**
   * The JDK client on {@code executor}; with a request {@code timeout} (null: none), as Sluice sets
   * one.
   */
  private static Handler jdk(String upstream, Duration timeout, Executor executor) {
    HttpClient http =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor).build();
    return (req, res) -> {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + req.path().rawPath()));
      if (timeout != null) {
        b.timeout(timeout);
      }
      HttpResponse<InputStream> up =
          http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
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

  /**
   * The Vert.x client from a virtual thread: the exchange runs on Vert.x's event loops (the pool
   * spread over all of them) and the handler's thread blocks on the future, so each request crosses
   * from the virtual thread to a loop and back, as with the JDK client.
   */
  private static Handler helidonVertx(URI upstream) {
    int cores = Runtime.getRuntime().availableProcessors();
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
    HttpClientAgent client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setPipelining(false),
            new PoolOptions().setHttp1MaxSize(128).setEventLoopSize(cores));
    return (req, res) -> {
      Buffer body =
          client
              .request(HttpMethod.GET, upstream.getPort(), upstream.getHost(), req.path().rawPath())
              .compose(up -> up.send())
              .compose(
                  up -> {
                    res.status(Status.create(up.statusCode()));
                    return up.body();
                  })
              .toCompletionStage()
              .toCompletableFuture()
              .join();
      res.send(body.getBytes());
    };
  }

  /** The event-loop proxy: one verticle per core, each with its server and its client pool. */
  static final class EventLoopProxy extends VerticleBase {
    private final int port;
    private final URI upstream;

    private EventLoopProxy(int port, URI upstream) {
      this.port = port;
      this.upstream = upstream;
    }

    static void start(int port, URI upstream) {
      int cores = Runtime.getRuntime().availableProcessors();
      Vertx vertx =
          Vertx.vertx(
              new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(cores));
      vertx
          .deployVerticle(
              () -> new EventLoopProxy(port, upstream), new DeploymentOptions().setInstances(cores))
          .await();
      System.out.println("native transport: " + vertx.isNativeTransportEnabled());
    }

    @Override
    public Future<?> start() {
      HttpClientAgent client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setPipelining(false),
              new PoolOptions().setHttp1MaxSize(128));
      int upstreamPort = upstream.getPort();
      String host = upstream.getHost();
      return vertx
          .createHttpServer()
          .requestHandler(
              req ->
                  client
                      .request(HttpMethod.GET, upstreamPort, host, req.uri())
                      .compose(up -> up.send())
                      .compose(
                          up ->
                              up.body()
                                  .map(
                                      body -> {
                                        String type = up.getHeader(HttpHeaders.CONTENT_TYPE);
                                        if (type != null) {
                                          req.response().putHeader(HttpHeaders.CONTENT_TYPE, type);
                                        }
                                        return req.response()
                                            .setStatusCode(up.statusCode())
                                            .end(body);
                                      }))
                      .onFailure(e -> req.response().setStatusCode(502).end()))
          .listen(port, "127.0.0.1");
    }
  }
}
