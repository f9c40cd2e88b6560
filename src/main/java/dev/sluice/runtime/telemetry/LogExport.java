package dev.sluice.runtime.telemetry;

import dev.sluice.spec.TelemetrySpec;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * {@code telemetry.logs.export: otlp}: every java.util.logging record also goes to the collector as
 * an OpenTelemetry log record (beside the stdout lines, which are unchanged), in batches from a
 * background thread, with the trace and span of the request it was written for.
 *
 * <pre>
 * telemetry:
 *   logs:
 *     export: otlp
 *     endpoint: http://otel-collector:4318/v1/logs
 * </pre>
 */
public final class LogExport implements AutoCloseable {
  private static final long FLUSH_TIMEOUT_MILLIS = 2000;

  private final SdkLoggerProvider provider;
  private final OtlpLogHandler handler;

  private LogExport(SdkLoggerProvider provider, OtlpLogHandler handler) {
    this.provider = provider;
    this.handler = handler;
  }

  /**
   * Adds the exporting handler to the root logger when {@code telemetry.logs.export} is {@code
   * otlp}; call after the stdout handler is configured (configuring resets the root's handlers).
   */
  public static LogExport install(TelemetrySpec telemetry) {
    if (telemetry.logs().export() != TelemetrySpec.Export.OTLP) {
      return new LogExport(null, null);
    }
    ExportWatch watch = ExportWatch.of("log records", telemetry.logs().endpoint());
    watch.checkHostLater();
    SdkLoggerProvider provider =
        SdkLoggerProvider.builder()
            .setResource(Resources.of(telemetry.tracing().serviceName()))
            .addLogRecordProcessor(
                BatchLogRecordProcessor.builder(
                        watch.watch(
                            OtlpHttpLogRecordExporter.builder()
                                .setEndpoint(telemetry.logs().endpoint().toString())
                                .build()))
                    .setScheduleDelay(Tracing.EXPORT_EVERY)
                    .build())
            .build();
    OtlpLogHandler handler = new OtlpLogHandler(provider);
    Logger.getLogger("").addHandler(handler);
    return new LogExport(provider, handler);
  }

  /** Removes the handler, exports what is queued (waiting at most two seconds) and stops. */
  @Override
  public void close() {
    if (provider != null) {
      Logger.getLogger("").removeHandler(handler);
      provider.shutdown().join(FLUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }
  }
}
