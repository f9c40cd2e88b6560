package dev.sluice.server.metrics;

import io.helidon.metrics.api.BuiltInMeterNameFormat;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsConfig;
import io.helidon.metrics.api.MetricsFactory;
import io.helidon.metrics.providers.micrometer.MicrometerMetricsFactoryProvider;
import io.helidon.metrics.systemmeters.SystemMetersProvider;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Map;

/**
 * The process's Helidon meter registry, built once (Helidon 4.5 puts every registry on Micrometer's
 * one global registry, so there is no registry per server): built-in names in snake_case, Helidon's
 * JVM meters, and the process meters Helidon lacks. Each server re-registers its own gauges.
 */
final class Registries {
  /**
   * Helidon's gauges whose snake_case names end in {@code _count}, a suffix Prometheus keeps for
   * histograms and summaries ({@code promtool check metrics} rejects it on a gauge).
   */
  private static final Map<String, String> RENAMED =
      Map.of(
          "thread.count", "thread.live",
          "thread.daemon.count", "thread.daemon",
          "thread.max.count", "thread.peak",
          "classloader.loaded_classes.count", "classloader.loaded_classes.current");

  private Registries() {}

  /** The registry, made on first use. */
  static Created get() {
    return Holder.CREATED;
  }

  /**
   * Removes every meter named {@code name}, so the caller's registration (with its own state: a
   * table, a counter) is the one served, not an earlier server's.
   */
  static void replace(MeterRegistry registry, String name) {
    registry.meters(m -> m.id().name().equals(name)).forEach(registry::remove);
  }

  private static final class Holder {
    static final Created CREATED = create();
  }

  private static Created create() {
    MetricsConfig config =
        MetricsConfig.builder().builtInMeterNameFormat(BuiltInMeterNameFormat.SNAKE).build();
    MetricsFactory factory =
        new MicrometerMetricsFactoryProvider()
            .create(io.helidon.config.Config.empty(), config, List.of());
    MeterRegistry registry = factory.createMeterRegistry(config);
    registry
        .unwrap(io.micrometer.core.instrument.MeterRegistry.class)
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public io.micrometer.core.instrument.Meter.Id map(
                  io.micrometer.core.instrument.Meter.Id id) {
                String name = RENAMED.get(id.getName());
                return name == null ? id : id.withName(name);
              }
            });
    for (Meter.Builder<?, ?> b : new SystemMetersProvider().meterBuilders(factory)) {
      register(registry, b);
    }
    ProcessMeters.register(factory, registry);
    return new Created(config, factory, registry);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void register(MeterRegistry registry, Meter.Builder b) {
    registry.getOrCreate(b);
  }

  /** The registry and the factory and config it was made with. */
  record Created(MetricsConfig config, MetricsFactory factory, MeterRegistry registry) {}
}
