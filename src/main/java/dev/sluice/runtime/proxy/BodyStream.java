package dev.sluice.runtime.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A request body read from a blocking stream, published to the JDK HttpClient without ever reading
 * on the thread that asks for more. The JDK's own {@code BodyPublishers.ofInputStream} reads inside
 * {@code request(n)}, which the client calls from its selector thread when a write completes: a
 * client that stops sending half-way would block that thread and every call to the upstream with
 * it. Here one virtual thread per body does the reading: {@code request(n)} adds demand and wakes
 * it; every signal ({@code onNext}, {@code onComplete}, {@code onError}) comes from it, in order.
 * One subscription per subscribe, as the client makes one per try.
 */
final class BodyStream implements Flow.Publisher<ByteBuffer> {
  private static final int CHUNK = 16 * 1024;

  private final Supplier<InputStream> source;

  BodyStream(Supplier<InputStream> source) {
    this.source = source;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    Reading r = new Reading(subscriber);
    subscriber.onSubscribe(r);
  }

  private final class Reading implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean cancelled;
    private volatile boolean badRequest;
    private volatile Thread reader;

    Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = true; // rule 3.9: the reader signals the error
      } else {
        demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
      }
      wake();
    }

    @Override
    public void cancel() {
      cancelled = true;
      wake();
    }

    private void wake() {
      if (started.compareAndSet(false, true)) {
        // set before it starts: a wake that finds no reader, or one not started (where unpark does
        // nothing), came before the start, and the reader reads the demand and flags before parking
        Thread t = Thread.ofVirtual().name("sluice-proxy-body").unstarted(this::read);
        reader = t;
        t.start();
      } else {
        Thread t = reader;
        if (t != null) {
          LockSupport.unpark(t);
        }
      }
    }

    private void read() {
      InputStream in = null; // opened at the first demand: a try cancelled before has read nothing
      try {
        while (true) {
          while (demand.get() == 0 && !cancelled && !badRequest) {
            LockSupport.park(this);
          }
          if (cancelled) {
            return;
          }
          if (badRequest) {
            subscriber.onError(new IllegalArgumentException("request(n) with n <= 0"));
            return;
          }
          if (in == null) {
            in = source.get();
          }
          byte[] buf = new byte[CHUNK];
          int n = in.read(buf);
          if (n < 0) {
            in.close(); // as the JDK's own publisher does at the end; the server's stream, consumed
            subscriber.onComplete();
            return;
          }
          if (n > 0 && !cancelled) {
            demand.decrementAndGet();
            subscriber.onNext(ByteBuffer.wrap(buf, 0, n));
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!cancelled) {
          subscriber.onError(e);
        }
      }
    }
  }
}
