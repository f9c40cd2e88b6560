package dev.sluice.server.metrics;

import com.sun.management.UnixOperatingSystemMXBean;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.MetricsFactory;
import io.micrometer.core.instrument.FunctionCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process meters Helidon's system meters lack, named as Prometheus' own clients name them:
 * {@code process_cpu_seconds_total}, {@code process_open_fds}, {@code process_max_fds}.
 */
final class ProcessMeters {
  private ProcessMeters() {}

  static void register(MetricsFactory factory, MeterRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      // Helidon's functional counter counts in whole numbers: CPU seconds need a fraction.
      FunctionCounter.builder("process.cpu", sun, b -> b.getProcessCpuTime() / 1e9)
          .baseUnit("seconds")
          .description("CPU time used by the process, user and system, in seconds.")
          .tag("scope", Meter.Scope.VENDOR)
          .register(registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class));
    }
    if (os instanceof UnixOperatingSystemMXBean unix) {
      registry.getOrCreate(
          factory
              .gaugeBuilder("process.open_fds", unix, b -> (double) b.getOpenFileDescriptorCount())
              .description("File descriptors the process has open (files, sockets, pipes).")
              .scope(Meter.Scope.VENDOR));
      registry.getOrCreate(
          factory
              .gaugeBuilder("process.max_fds", unix, b -> (double) b.getMaxFileDescriptorCount())
              .description("The most file descriptors the process may open (ulimit -n).")
              .scope(Meter.Scope.VENDOR));
    }
  }
}
