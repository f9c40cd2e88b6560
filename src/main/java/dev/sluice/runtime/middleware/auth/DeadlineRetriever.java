package dev.sluice.runtime.middleware.auth;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Nimbus's {@link ResourceRetriever} for a JWKS URL, over {@link HttpClient}, with one deadline
 * over the whole exchange — connect, head and every byte of the body: {@link #DEADLINE}, at most
 * {@link #MAX_BYTES}, status 200. Nimbus's own {@code DefaultResourceRetriever} bounds each read
 * instead, so a server sending a byte per second would hold a fetch open without limit. A fetch
 * past the deadline is cancelled (its connection dropped) and fails.
 */
final class DeadlineRetriever implements ResourceRetriever, AutoCloseable {
  static final int MAX_BYTES = 1 << 20;
  static final Duration DEADLINE = Duration.ofSeconds(5);

  private final Duration deadline;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;

  DeadlineRetriever(Duration deadline) {
    this.deadline = deadline;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(deadline)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(executor)
            .build();
  }

  @Override
  public Resource retrieveResource(URL url) throws IOException {
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(url.toURI())
              .timeout(deadline)
              .header("Accept", "application/jwk-set+json, application/json")
              .GET()
              .build();
    } catch (URISyntaxException e) {
      throw new IOException("not a URL: " + e.getReason(), e);
    }
    CompletableFuture<HttpResponse<byte[]>> sent =
        client.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new LimitedBody(MAX_BYTES)
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
    HttpResponse<byte[]> res;
    try {
      res = sent.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      sent.cancel(true);
      throw new IOException("no complete answer within " + deadline.toSeconds() + "s");
    } catch (InterruptedException e) {
      sent.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
    if (res.statusCode() != 200) {
      throw new IOException("status " + res.statusCode());
    }
    String type = res.headers().firstValue("Content-Type").orElse(null);
    return new Resource(new String(res.body(), StandardCharsets.UTF_8), type);
  }

  /** Abandons any fetch in flight: a reload or shutdown never waits for a slow JWKS server. */
  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }

  /** A body of at most {@code max} bytes; a longer one fails and cancels the transfer. */
  private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int max;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private Flow.Subscription subscription;

    LimitedBody(int max) {
      this.max = max;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (body.isDone()) {
          return;
        }
        if (bytes.size() + b.remaining() > max) {
          subscription.cancel();
          body.completeExceptionally(new IOException("larger than " + max + " bytes"));
          return;
        }
        byte[] chunk = new byte[b.remaining()];
        b.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
    }

    @Override
    public void onError(Throwable t) {
      body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      body.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return body;
    }
  }
}
