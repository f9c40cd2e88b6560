package dev.sluice.server.metrics;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.proxy.UpstreamClient;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The proxy's meters: {@code http_client_request_duration_seconds} (OpenTelemetry's HTTP client
 * histogram, by {@code server_address}, {@code http_request_method} and {@code
 * http_response_status_code} — {@code none} when the upstream gave no answer), each target's up
 * gauge, and the retry, ejection and aborted-response counters, read from the runtime being served.
 */
final class UpstreamMeters {
  static final String DURATION = "http_client_request_duration_seconds";
  static final String TARGET_UP = "sluice_upstream_target_up";
  static final String RETRIES = "sluice_upstream_retries";
  static final String EJECTIONS = "sluice_upstream_ejections";
  static final String ABORTED = "sluice_upstream_aborted";

  private UpstreamMeters() {}

  static void register(
      MetricsFactory factory, MeterRegistry registry, Supplier<GatewayRuntime> runtime) {
    for (String name : List.of(TARGET_UP, RETRIES, EJECTIONS, ABORTED)) {
      Registries.replace(registry, name);
    }
    Map<String, Timer> timers = new ConcurrentHashMap<>();
    for (UpstreamClient c : runtime.get().upstreams()) {
      String upstream = c.spec().name();
      c.bind(
          (address, method, status, nanos) ->
              timers
                  .computeIfAbsent(
                      address + " " + method + " " + status,
                      k ->
                          registry.getOrCreate(
                              factory
                                  .timerBuilder(DURATION)
                                  .description(
                                      "Time an upstream took to answer a proxied request, to the"
                                          + " response head.")
                                  .tags(
                                      List.of(
                                          Tag.create("server_address", address),
                                          Tag.create("http_request_method", method),
                                          Tag.create(
                                              "http_response_status_code",
                                              status == 0 ? "none" : String.valueOf(status))))
                                  .percentiles(new double[0])
                                  .buckets(RequestMeters.BUCKETS)))
                  .record(nanos, TimeUnit.NANOSECONDS));
      registry.getOrCreate(
          factory
              .functionalCounterBuilder(
                  RETRIES,
                  runtime,
                  r -> client(r, upstream).map(UpstreamClient::retries).orElse(0L))
              .description("Tries of a proxied request made again after a failed one.")
              .tags(List.of(Tag.create("upstream", upstream))));
      for (String reason : UpstreamClient.ABORT_REASONS) {
        registry.getOrCreate(
            factory
                .functionalCounterBuilder(
                    ABORTED,
                    runtime,
                    r -> client(r, upstream).map(u -> u.aborted(reason)).orElse(0L))
                .description(
                    "Proxied responses cut after their head went out: the upstream timed out or"
                        + " closed, or the client closed, half-way through the body.")
                .tags(List.of(Tag.create("upstream", upstream), Tag.create("reason", reason))));
      }
      for (UpstreamClient.TargetState t : c.states()) {
        List<Tag> tags =
            List.of(Tag.create("upstream", upstream), Tag.create("target", t.address()));
        registry.getOrCreate(
            factory
                .gaugeBuilder(
                    TARGET_UP,
                    runtime,
                    r ->
                        client(r, upstream)
                            .flatMap(
                                u ->
                                    u.states().stream()
                                        .filter(s -> s.address().equals(t.address()))
                                        .findFirst())
                            .map(s -> s.up() ? 1.0 : 0.0)
                            .orElse(Double.NaN))
                .description(
                    "1 while an upstream target takes requests, 0 while it is unhealthy (health"
                        + " checks) or ejected (outlier detection).")
                .tags(tags));
        registry.getOrCreate(
            factory
                .functionalCounterBuilder(
                    EJECTIONS,
                    runtime,
                    r -> client(r, upstream).map(u -> u.ejections(t.address())).orElse(0L))
                .description("Times a target was ejected after failing requests in a row.")
                .tags(tags));
      }
    }
  }

  private static java.util.Optional<UpstreamClient> client(
      Supplier<GatewayRuntime> runtime, String upstream) {
    return runtime.get().upstreams().stream()
        .filter(c -> c.spec().name().equals(upstream))
        .findFirst();
  }
}
