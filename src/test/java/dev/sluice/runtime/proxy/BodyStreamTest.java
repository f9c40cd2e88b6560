package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The proxy's request-body publisher: reads off the requesting thread, in order, on demand. */
class BodyStreamTest {

  /** Collects what is published, asking for one buffer at a time. */
  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    final List<String> readers = new CopyOnWriteArrayList<>();
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<String> done = new CompletableFuture<>();
    Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(ByteBuffer b) {
      readers.add(Thread.currentThread().getName());
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      text.append(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
      subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(text.toString());
    }
  }

  @Test
  void publishesTheWholeStreamInOrderFromAThreadOfItsOwn() throws Exception {
    String body = "0123456789".repeat(5_000); // several chunks
    Collector c = new Collector();
    new BodyStream(() -> new ByteArrayInputStream(body.getBytes())).subscribe(c);
    assertThat(c.done.get(5, TimeUnit.SECONDS), is(body));
    assertThat(c.readers.isEmpty(), is(false));
    for (String reader : c.readers) {
      assertThat(reader, is("sluice-proxy-body"));
      assertThat(reader, not(Thread.currentThread().getName()));
    }
  }

  @Test
  void aTryCancelledBeforeItsFirstDemandNeverOpensTheBody() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    new BodyStream(
            () -> {
              opened.incrementAndGet();
              return InputStream.nullInputStream();
            })
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.cancel();
                cancelled.complete(null);
              }

              @Override
              public void onNext(ByteBuffer item) {}

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {}
            });
    cancelled.get(5, TimeUnit.SECONDS);
    Thread.sleep(100); // the reader thread, woken by the cancel, has had its chance
    assertThat(opened.get(), is(0));
  }

  @Test
  void aNonPositiveDemandIsAnError() throws Exception {
    CompletableFuture<Throwable> error = new CompletableFuture<>();
    new BodyStream(() -> new ByteArrayInputStream(new byte[10]))
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(0);
              }

              @Override
              public void onNext(ByteBuffer item) {}

              @Override
              public void onError(Throwable t) {
                error.complete(t);
              }

              @Override
              public void onComplete() {
                error.complete(null);
              }
            });
    assertThat(error.get(5, TimeUnit.SECONDS) instanceof IllegalArgumentException, is(true));
  }
}
