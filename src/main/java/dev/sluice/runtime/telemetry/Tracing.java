package dev.sluice.runtime.telemetry;

import dev.sluice.log.TraceFields;
import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.TelemetrySpec;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The tracing of one route table ({@code telemetry.tracing}). Off, it adds nothing to a request:
 * {@link #around(Handler)} returns the dispatch it is given. On, it wraps the dispatch in a SERVER
 * span per request (see {@link ServerSpans}) and exports spans over OTLP/HTTP in batches from a
 * background thread, every second or every 4096 spans: a full queue (16,384) drops spans, so an
 * unreachable collector never slows a request. Failed exports are a WARN line a minute at most
 * ({@link ExportWatch}).
 *
 * <pre>
 * telemetry:
 *   tracing:
 *     enabled: true
 *     endpoint: http://otel-collector:4318/v1/traces
 *     sampler-ratio: 0.1
 * </pre>
 *
 * <p>Building one starts nothing (so {@code validate-config} exports nothing); the SDK starts when
 * the server first asks for the dispatch and is flushed and stopped by {@link #close()}.
 */
public final class Tracing implements AutoCloseable {
  private static final String SCOPE = "dev.sluice";

  /**
   * Spans held for export; beyond it new spans are dropped (the SDK logs a warning). At 100 %
   * sampling a request makes about three spans, so this is a second of a busy gateway.
   */
  private static final int MAX_QUEUE = 16_384;

  /** Spans per OTLP request: fewer, larger exports cost the gateway less per span. */
  private static final int EXPORT_BATCH = 4096;

  static final Duration EXPORT_EVERY = Duration.ofSeconds(1);
  private static final long FLUSH_TIMEOUT_MILLIS = 2000;

  private final TelemetrySpec.Tracing spec;
  private SdkTracerProvider provider;
  private boolean closed;

  private Tracing(TelemetrySpec.Tracing spec) {
    this.spec = spec;
  }

  /** The tracing {@code spec} asks for; not started. */
  public static Tracing of(TelemetrySpec.Tracing spec) {
    return new Tracing(spec);
  }

  /**
   * {@code dispatch} itself when tracing is off (or this table was closed); otherwise {@code
   * dispatch} inside a server span, starting the SDK on first use.
   */
  public synchronized Handler around(Handler dispatch) {
    if (!spec.enabled() || closed) {
      return dispatch;
    }
    if (provider == null) {
      ExportWatch watch = ExportWatch.of("spans", spec.endpoint());
      watch.checkHostLater();
      provider =
          SdkTracerProvider.builder()
              .setResource(Resources.of(spec.serviceName()))
              .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(spec.samplerRatio())))
              .addSpanProcessor(
                  BatchSpanProcessor.builder(
                          watch.watch(
                              OtlpHttpSpanExporter.builder()
                                  .setEndpoint(spec.endpoint().toString())
                                  .build()))
                      .setMaxQueueSize(MAX_QUEUE)
                      .setMaxExportBatchSize(EXPORT_BATCH)
                      .setScheduleDelay(EXPORT_EVERY)
                      .build())
              .build();
      TraceFields.providerStarted();
    }
    return new ServerSpans(provider.get(SCOPE, Resources.version()), dispatch);
  }

  /** Exports what is queued (waiting at most two seconds), then stops the SDK. */
  @Override
  public synchronized void close() {
    closed = true;
    if (provider != null) {
      provider.shutdown().join(FLUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
      provider = null;
      TraceFields.providerStopped();
    }
  }
}
