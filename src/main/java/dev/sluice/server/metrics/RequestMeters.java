package dev.sluice.server.metrics;

import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import io.helidon.http.Method;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code http_server_request_duration_seconds} and {@code http_server_active_requests}.
 *
 * <p>Per request: one map read by the matched route's template (a string from the route spec, whose
 * hash is cached), two array reads by method and status, one {@code record} call. The timer of a
 * (route, method, status) is created the first time that combination is seen and kept; no tags or
 * lists are built on the request path after that. Label values are bounded: the route is a template
 * from the config or {@code unmatched}, the method one of ten values, the status a number below
 * 600.
 */
final class RequestMeters {
  static final String DURATION = "http_server_request_duration_seconds";
  static final String ACTIVE = "http_server_active_requests";

  /** The {@code http_route} of requests no route matched (404, 405, malformed paths). */
  static final String UNMATCHED = "unmatched";

  /** 1 ms … 10 s. */
  static final Duration[] BUCKETS =
      seconds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

  private static final int MIN_STATUS = 100;
  private static final int STATUSES = 500; // 100 … 599

  private final MetricsFactory factory;
  private final MeterRegistry registry;
  private final LongAdder active = new LongAdder();
  private final ConcurrentHashMap<String, RouteTimers> byRoute = new ConcurrentHashMap<>();

  RequestMeters(MetricsFactory factory, MeterRegistry registry) {
    this.factory = factory;
    this.registry = registry;
    Registries.replace(registry, ACTIVE);
    registry.getOrCreate(
        factory
            .gaugeBuilder(ACTIVE, active, LongAdder::sum)
            .description("Requests the gateway is handling now."));
  }

  /** {@code next}, counted while it runs and timed when it returns. */
  Handler around(Handler next) {
    return ex -> {
      active.increment();
      boolean returned = false;
      try {
        next.handle(ex);
        returned = true;
      } finally {
        active.decrement();
        record(ex, returned ? ex.response().status().code() : 500);
      }
    };
  }

  private void record(Exchange ex, int status) {
    record(
        ex.routeTemplate(),
        ex.request().prologue().method(),
        status,
        System.nanoTime() - ex.startNanos());
  }

  /** Records one request of the route {@code template} (empty: none matched). */
  void record(String template, Method method, int status, long nanos) {
    String route = template.isEmpty() ? UNMATCHED : template;
    RouteTimers timers = byRoute.get(route);
    if (timers == null) {
      timers = byRoute.computeIfAbsent(route, RouteTimers::new);
    }
    timers.timer(HttpMethods.index(method), status).record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The same timer as {@link #record}, looked up by its tags in the registry: what the cache
   * avoids. For the benchmark only.
   */
  void recordByLookup(String template, Method method, int status, long nanos) {
    create(template.isEmpty() ? UNMATCHED : template, HttpMethods.index(method), status)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer create(String route, int method, int status) {
    return registry.getOrCreate(
        factory
            .timerBuilder(DURATION)
            .description("Time from reading a request's headers to the end of its handling.")
            .tags(
                List.of(
                    Tag.create("http_route", route),
                    Tag.create("http_request_method", HttpMethods.label(method)),
                    Tag.create("http_response_status_code", Integer.toString(status))))
            .percentiles(new double[0]) // none: Helidon's default quantiles cost on every record
            .buckets(BUCKETS));
  }

  private static Duration[] seconds(double... s) {
    Duration[] d = new Duration[s.length];
    for (int i = 0; i < s.length; i++) {
      d[i] = Duration.ofNanos(Math.round(s[i] * 1e9));
    }
    return d;
  }

  /** The timers of one route, by method, then by status; each made on first use. */
  private final class RouteTimers {
    private final String route;
    private final AtomicReferenceArray<AtomicReferenceArray<Timer>> byMethod =
        new AtomicReferenceArray<>(HttpMethods.COUNT);

    RouteTimers(String route) {
      this.route = route;
    }

    Timer timer(int method, int status) {
      int i = status - MIN_STATUS;
      if (i < 0 || i >= STATUSES) {
        return create(route, method, status); // not an HTTP status Helidon sends; not cached
      }
      AtomicReferenceArray<Timer> byStatus = byMethod.get(method);
      if (byStatus == null) {
        byMethod.compareAndSet(method, null, new AtomicReferenceArray<>(STATUSES));
        byStatus = byMethod.get(method);
      }
      Timer t = byStatus.get(i);
      if (t == null) {
        t = create(route, method, status); // the registry returns the same timer to a racer
        byStatus.set(i, t);
      }
      return t;
    }
  }
}
