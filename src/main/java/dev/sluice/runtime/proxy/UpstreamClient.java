package dev.sluice.runtime.proxy;

import dev.sluice.log.Log;
import dev.sluice.spec.UpstreamSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The client side of one upstream, shared by every route that proxies to it and kept across reloads
 * while its settings stay the same ({@code ResourceCache}): the JDK HttpClient with its keep-alive
 * pool, the targets with their health and ejections, the balancer, and the health-check thread when
 * {@code health-check} is set.
 *
 * <p>The JDK client's executor is direct ({@code Runnable::run}): the steps its selector thread
 * schedules (parsing the answer, completing the call) run there, with no hand-off to another thread
 * per step (1.17-1.20 × the throughput of a virtual-thread executor, docs/benchmarks.md). Nothing
 * handed to it blocks: the answer's stream only queues what arrives, and a request body is read by
 * a {@link BodyStream}, on a virtual thread of its own, never inside the client's steps.
 *
 * <p>For plain-HTTP targets the HttpClient is built on first use, not with the upstream: building
 * one builds the JDK's default {@code SSLContext} (the TLS stack and the trust store), a few
 * hundred milliseconds of start-up for a context such an upstream never uses. An upstream with an
 * {@code https} target or a {@code ca-file} gets its client here, as before, so a bad {@code
 * ca-file} fails the configuration's load and the first call does not pay for the TLS stack.
 */
public final class UpstreamClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("sluice.proxy");

  static {
    ClientProperties.apply();
  }

  final UpstreamSpec spec;
  final List<Target> targets;
  private final SSLContext caContext;
  private final ReentrantLock httpLock = new ReentrantLock();
  private volatile HttpClient http;
  private final AtomicInteger next = new AtomicInteger();

  /** Where call durations go: nowhere until a server with metrics binds it. */
  private volatile CallTimer timer = (address, method, status, nanos) -> {};

  /** Records one upstream call ({@code http_client_request_duration_seconds}). */
  @FunctionalInterface
  public interface CallTimer {
    /**
     * Records a call to {@code address}.
     *
     * @param status the upstream's status, or 0 when it gave none (refused, reset, timed out)
     */
    void record(String address, String method, int status, long nanos);
  }

  /** Sends call durations to {@code timer} from now on. */
  public void bind(CallTimer timer) {
    this.timer = timer;
  }

  void timed(Target t, String method, int status, long nanos) {
    timer.record(t.address, method, status, nanos);
  }

  /** Tries made again after a failed one, since this client was made. */
  public long retries() {
    return retries.sum();
  }

  /** Ejections of the target at {@code address} since this client was made. */
  public long ejections(String address) {
    return targets.stream()
        .filter(t -> t.address.equals(address))
        .mapToLong(t -> t.ejections.sum())
        .sum();
  }

  /** Tries made again after a failed one. */
  final java.util.concurrent.atomic.LongAdder retries = new java.util.concurrent.atomic.LongAdder();

  /** Why a response is cut after its head went out, as the access log and the counter name it. */
  public static final List<String> ABORT_REASONS =
      List.of("upstream-timeout", "upstream-closed", "client-closed");

  private final java.util.Map<String, java.util.concurrent.atomic.LongAdder> aborted =
      java.util.Map.of(
          "upstream-timeout", new java.util.concurrent.atomic.LongAdder(),
          "upstream-closed", new java.util.concurrent.atomic.LongAdder(),
          "client-closed", new java.util.concurrent.atomic.LongAdder());

  /** Counts a response cut for {@code reason}, one of {@link #ABORT_REASONS}. */
  void countAborted(String reason) {
    aborted.get(reason).increment();
  }

  /** Responses cut after their head went out for {@code reason} since this client was made. */
  public long aborted(String reason) {
    return aborted.get(reason).sum();
  }

  private final Thread checker;
  private volatile boolean closed;

  private UpstreamClient(UpstreamSpec spec) {
    this.spec = spec;
    this.caContext = spec.caFile().map(UpstreamClient::sslContext).orElse(null);
    this.targets = spec.targets().stream().map(u -> new Target(u, spec.maxConnections())).toList();
    if (caContext != null || targets.stream().anyMatch(t -> "https".equals(t.uri.getScheme()))) {
      http();
    }
    this.checker =
        spec.healthCheck()
            .map(
                h -> Thread.ofVirtual().name("sluice-health-" + spec.name()).start(this::checkLoop))
            .orElse(null);
  }

  /** A client for {@code spec}. Connects nowhere until the first request or health check. */
  public static UpstreamClient create(UpstreamSpec spec) {
    return new UpstreamClient(spec);
  }

  /**
   * The JDK client: built by the first call for plain-HTTP targets; after {@link #close} one that
   * is shut down.
   */
  HttpClient http() {
    HttpClient c = http;
    if (c != null) {
      return c;
    }
    httpLock.lock();
    try {
      if (http == null) {
        HttpClient.Builder b =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(spec.connectTimeout())
                .executor(Runnable::run);
        if (caContext != null) {
          b.sslContext(caContext);
        }
        http = b.build();
        if (closed) {
          http.shutdownNow(); // a call racing close(): it fails as on a client closed under it
        }
      }
      return http;
    } finally {
      httpLock.unlock();
    }
  }

  /**
   * The target for the next try, skipping {@code tried} when another is available; null when no
   * target is available (all unhealthy or ejected).
   */
  Target pick(Target tried) {
    long now = System.nanoTime();
    int n = targets.size();
    if (spec.balance() == UpstreamSpec.Balance.LEAST_REQUESTS && n > 1) {
      ThreadLocalRandom r = ThreadLocalRandom.current();
      for (int i = 0; i < 2 * n; i++) {
        // two distinct targets: drawn with replacement, two of two would compare a target with
        // itself a quarter of the time and send it requests whatever its load
        int first = r.nextInt(n);
        int second = r.nextInt(n - 1);
        Target a = targets.get(first);
        Target c = targets.get(second >= first ? second + 1 : second);
        Target best = a.active.get() <= c.active.get() ? a : c;
        Target other = best == a ? c : a;
        for (Target t : new Target[] {best, other}) {
          if (t != tried && t.available(now)) {
            return t;
          }
        }
      }
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    Target fallback = null;
    for (int i = 0; i < n; i++) {
      Target t = targets.get((start + i) % n);
      if (t.available(now)) {
        if (t != tried) {
          return t;
        }
        fallback = t;
      }
    }
    return fallback;
  }

  /** Seconds until the first target comes back from an ejection (at least 1). */
  long retryAfterSeconds() {
    long now = System.nanoTime();
    long min = Long.MAX_VALUE;
    for (Target t : targets) {
      long wait = t.unavailableForNanos(now);
      if (wait > 0) {
        min = Math.min(min, wait);
      }
    }
    return min == Long.MAX_VALUE ? 1 : Math.max(1, (min + 999_999_999L) / 1_000_000_000L);
  }

  public UpstreamSpec spec() {
    return spec;
  }

  /** Each target's address and state, for {@code /readyz?verbose} and the health gauges. */
  public List<TargetState> states() {
    long now = System.nanoTime();
    return targets.stream()
        .map(
            t ->
                new TargetState(
                    t.address, t.healthy, t.unavailableForNanos(now) > 0, t.active.get()))
        .toList();
  }

  /** One target's state: up when healthy and not ejected. */
  public record TargetState(String address, boolean healthy, boolean ejected, int active) {
    public boolean up() {
      return healthy && !ejected;
    }
  }

  private void checkLoop() {
    UpstreamSpec.HealthCheck h = spec.healthCheck().orElseThrow();
    while (!closed) {
      for (Target t : targets) {
        t.checked(check(t, h), h);
      }
      try {
        Thread.sleep(h.interval());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private boolean check(Target t, UpstreamSpec.HealthCheck h) {
    try {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(t.uri + h.path())).timeout(h.timeout()).GET().build();
      HttpResponse<InputStream> res = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = res.body()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return res.statusCode() >= 200 && res.statusCode() < 400;
    } catch (IOException | RuntimeException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static SSLContext sslContext(Path caFile) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      TrustManagerFactory system =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      int i = 0;
      for (var tm : system.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          for (X509Certificate c : x.getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + i++, c);
          }
        }
      }
      try (InputStream in = Files.newInputStream(caFile)) {
        for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
          store.setCertificateEntry("ca-file-" + i++, c);
        }
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot read ca-file " + caFile + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    closed = true;
    if (checker != null) {
      checker.interrupt();
    }
    HttpClient c;
    httpLock.lock();
    try {
      c = http;
    } finally {
      httpLock.unlock();
    }
    if (c != null) {
      c.shutdownNow();
    }
    Log.log(LOG, Level.FINE, "upstream client closed", null, "upstream", spec.name());
  }

  /** How long before {@code timeout} from now, for a try's deadline. */
  static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
  }
}
