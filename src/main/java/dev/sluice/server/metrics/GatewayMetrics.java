package dev.sluice.server.metrics;

import dev.sluice.problem.ProblemException;
import dev.sluice.problem.Problems;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.RequestIds;
import dev.sluice.spec.TelemetrySpec;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.ObserveFeatureConfig;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code telemetry.metrics}: the Prometheus endpoint (Helidon's metrics observer on the process's
 * registry) and the meters Sluice records. One per server; {@link #disabled()} records nothing and
 * serves nothing.
 *
 * <pre>
 * telemetry:
 *   metrics:
 *     path: /metrics   # default
 *     port: 9464       # optional: a listener of its own
 *     host: 127.0.0.1  # where it binds (default)
 * </pre>
 */
public final class GatewayMetrics {
  /** The name of the listener the metrics get when {@code telemetry.metrics.port} is set. */
  public static final String SOCKET = "metrics";

  /**
   * Above the weight of the routing's own routes (100): the endpoint is set up before the catch-all
   * gateway route, which would otherwise answer it.
   */
  private static final double WEIGHT = 1000;

  private static final String ALLOWED = "GET, OPTIONS";
  private static final io.helidon.http.HeaderName REQUEST_ID =
      HeaderNames.create(RequestIds.HEADER);

  private final TelemetrySpec.Metrics spec;
  private final Registries.Created created;
  private final RequestMeters requests;
  private final ReloadMeters reloads;

  private GatewayMetrics(
      TelemetrySpec.Metrics spec,
      Registries.Created created,
      RequestMeters requests,
      ReloadMeters reloads) {
    this.spec = spec;
    this.created = created;
    this.requests = requests;
    this.reloads = reloads;
  }

  /**
   * The meters of a server serving {@code runtime}, per the current runtime's {@code
   * telemetry.metrics}; {@link #disabled()} when it says {@code enabled: false}.
   */
  public static GatewayMetrics of(Supplier<GatewayRuntime> runtime) {
    TelemetrySpec.Metrics spec = runtime.get().snapshot().gateway().telemetry().metrics();
    if (!spec.enabled()) {
      return disabled();
    }
    Registries.Created created = Registries.get();
    RuntimeMeters.register(created.factory(), created.registry(), runtime);
    return new GatewayMetrics(
        spec,
        created,
        new RequestMeters(created.factory(), created.registry()),
        ReloadMeters.register(created.factory(), created.registry()));
  }

  /** No endpoint, no meters; {@link #around(Handler)} returns its argument. */
  public static GatewayMetrics disabled() {
    return new GatewayMetrics(
        new TelemetrySpec.Metrics(
            false, "", java.util.Optional.empty(), TelemetrySpec.Metrics.DEFAULT_HOST),
        null,
        null,
        ReloadMeters.none());
  }

  /** The reload meters (counting, and exposed when metrics are on). */
  public ReloadMeters reloads() {
    return reloads;
  }

  /**
   * Re-registers the meters that describe one runtime (pools, policies, statement timers, the
   * config hash) for {@code now}, which a reload has just made current.
   */
  public void runtimeChanged(Supplier<GatewayRuntime> now) {
    if (enabled()) {
      RuntimeMeters.register(created.factory(), created.registry(), now);
    }
  }

  public boolean enabled() {
    return requests != null;
  }

  /**
   * {@code dispatch}, timed into {@code http_server_request_duration_seconds} by the route it
   * matched, and counted in {@code http_server_active_requests} while it runs.
   */
  public Handler around(Handler dispatch) {
    return enabled() ? requests.around(dispatch) : dispatch;
  }

  /**
   * Adds the endpoint to {@code server}: on a listener of its own when a port is configured (bound
   * to {@code telemetry.metrics.host}, set up by {@code listener}, with {@code listenerRoutes} on
   * it), else on the main listener, where {@code routing} (the main routing, before its catch-all
   * is added) answers other methods with a 405 problem, so they never reach the routes. HEAD is one
   * of them: Helidon would send {@code Content-Length: 0}, and a HEAD response must not state a
   * length other than GET's, which is unknown without rendering the exposition.
   */
  public void install(
      WebServerConfig.Builder server,
      HttpRouting.Builder routing,
      Consumer<ListenerConfig.Builder> listener,
      Consumer<HttpRouting.Builder> listenerRoutes) {
    if (!enabled()) {
      return;
    }
    MetricsObserver observer =
        MetricsObserver.builder()
            .endpoint(spec.path())
            .metricsConfig(created.config())
            .meterRegistry(created.registry())
            .build();
    ObserveFeatureConfig.Builder feature =
        ObserveFeature.builder()
            .observersDiscoverServices(false)
            .addObserver(observer)
            .weight(WEIGHT);
    OneCacheControl oneCacheControl = new OneCacheControl(spec.path(), WEIGHT + 1);
    if (spec.port().isPresent()) {
      server.putSocket(
          SOCKET,
          s -> {
            s.host(spec.host()).port(spec.port().get());
            listener.accept(s);
            // one routing call: a second would replace the first
            s.routing(
                r -> {
                  r.addFeature(oneCacheControl);
                  listenerRoutes.accept(r);
                });
          });
      feature.sockets(List.of(SOCKET));
    } else {
      routing.addFeature(oneCacheControl);
      routing.route(
          Method.predicate(Method.GET, Method.OPTIONS).negate(),
          io.helidon.http.PathMatchers.exact(spec.path()),
          (req, res) -> {
            ProblemException p =
                new ProblemException(
                    Status.METHOD_NOT_ALLOWED_405,
                    "the metrics endpoint answers GET and OPTIONS only");
            res.status(p.status());
            res.header(HeaderNames.ALLOW, ALLOWED);
            res.header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
            res.send(
                Problems.body(
                    p,
                    req.path().rawPath(),
                    RequestIds.settle(req.headers().first(REQUEST_ID).orElse(""))));
          });
    }
    server.addFeature(ObserveFeature.create(feature.buildPrototype()));
  }
}
