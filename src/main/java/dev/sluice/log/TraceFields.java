package dev.sluice.log;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether any span can be current, so a log line looks for trace and span ids only then: with
 * tracing off (the default) the lookup of the current OpenTelemetry context is a thread-local read
 * per line that can only find nothing. {@code dev.sluice.tracing} counts its running tracer
 * providers here.
 */
public final class TraceFields {
  private static final AtomicInteger PROVIDERS = new AtomicInteger();

  private TraceFields() {}

  /** A tracer provider started. */
  public static void providerStarted() {
    PROVIDERS.incrementAndGet();
  }

  /** A tracer provider stopped. */
  public static void providerStopped() {
    PROVIDERS.decrementAndGet();
  }

  static boolean tracing() {
    return PROVIDERS.get() > 0;
  }
}
