package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JWKS fetched over HTTP(S) with {@link HttpClient}: 5 s to connect, 5 s for the response, at
 * most 1 MiB, status 200. Called on a virtual thread (the refresher's or a request's).
 */
final class UrlJwksLoader implements JwksLoader {
  static final int MAX_BYTES = 1 << 20;
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI uri;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;

  UrlJwksLoader(URI uri) {
    this.uri = uri;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(executor)
            .build();
  }

  @Override
  public JWKSet load() throws IOException, ParseException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", "application/jwk-set+json, application/json")
            .GET()
            .build();
    HttpResponse<InputStream> res = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = res.body()) {
      if (res.statusCode() != 200) {
        throw new IOException("status " + res.statusCode());
      }
      byte[] bytes = body.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("larger than " + MAX_BYTES + " bytes");
      }
      return JWKSet.parse(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Override
  public String describe() {
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + port
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }

  @Override
  public void close() {
    // a reload must not wait for a slow JWKS endpoint: abandon a fetch in flight
    client.shutdownNow();
    executor.shutdownNow();
  }
}
