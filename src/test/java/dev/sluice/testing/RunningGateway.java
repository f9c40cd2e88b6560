package dev.sluice.testing;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A gateway served the way {@code serve} serves it — same loader, runtime, datasources, readiness
 * checks and WebServer (GatewayServer.start) — on a free port, for tests that need a database
 * behind it.
 */
public final class RunningGateway implements AutoCloseable {
  private final GatewayServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningGateway(GatewayServer server) {
    this.server = server;
  }

  /** Loads {@code config} with {@code env} over the process environment, opens and serves it. */
  public static RunningGateway start(Path config, Map<String, String> env) throws Exception {
    Map<String, String> vars = new HashMap<>(System.getenv());
    vars.putAll(env);
    vars.put("SLUICE_PORT", "0");
    vars.put("SLUICE_METRICS_PORT", "0"); // the shipped config's metrics listener
    LoadResult r = new ConfigLoader(Environment.of(vars)).load(config);
    if (r instanceof LoadResult.Invalid i) {
      throw new AssertionError("invalid test config: " + i.errors());
    }
    var snapshot = ((LoadResult.Loaded) r).snapshot();
    GatewayRuntime.Result built = GatewayRuntime.build(snapshot);
    if (built instanceof GatewayRuntime.Result.Invalid i) {
      throw new AssertionError("test config does not build: " + i.errors());
    }
    GatewayServer server = GatewayServer.start(((GatewayRuntime.Result.Built) built).runtime());
    return new RunningGateway(server);
  }

  public int port() {
    return server.port();
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public HttpResponse<String> delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  public HttpResponse<String> postJson(String path, String json) throws Exception {
    return send(
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  public HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Asks {@code path} until it answers {@code status}, for at most {@code max}. */
  public void awaitStatus(String path, int status, Duration max) throws Exception {
    long deadline = System.nanoTime() + max.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      last = get(path).statusCode();
      if (last == status) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + max);
  }

  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  @Override
  public void close() {
    server.close();
  }
}
