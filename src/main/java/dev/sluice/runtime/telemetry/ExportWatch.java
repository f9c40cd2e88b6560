package dev.sluice.runtime.telemetry;

import dev.sluice.log.Log;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Collection;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the operator when exports to the collector fail: one WARN line with the reason ("connection
 * refused", "the host does not resolve"), repeated at most once a minute while the failures last
 * (counting the failed exports in between), and one INFO line when an export succeeds again. The
 * SDK's own report of a failed export — an ERROR with a stack trace per export — is turned off, so
 * an unreachable collector costs the log one line a minute.
 */
final class ExportWatch {
  static final Duration EVERY = Duration.ofMinutes(1);

  private static final Logger LOG = Logger.getLogger("sluice.telemetry");

  /** The SDK's exporters' logger; held, as java.util.logging holds loggers weakly. */
  private static final Logger SDK_EXPORTERS = Logger.getLogger("io.opentelemetry.exporter");

  private final String signal;
  private final URI endpoint;
  private final LongSupplier nanoTime;
  private boolean failing;
  private long warnedAt;
  private int failedSinceWarning;

  ExportWatch(String signal, URI endpoint, LongSupplier nanoTime) {
    this.signal = signal;
    this.endpoint = endpoint;
    this.nanoTime = nanoTime;
  }

  /** A watch for exports of {@code signal} ("spans", "log records") to {@code endpoint}. */
  static ExportWatch of(String signal, URI endpoint) {
    // the level is reset with the log configuration: set it whenever an exporter is built
    SDK_EXPORTERS.setLevel(Level.OFF);
    return new ExportWatch(signal, endpoint, System::nanoTime);
  }

  /**
   * Warns, from a virtual thread so that start-up does not wait for DNS, when the endpoint's host
   * does not resolve: nothing is exported until it does.
   */
  void checkHostLater() {
    String host = endpoint.getHost();
    if (host == null) {
      return;
    }
    Thread.ofVirtual()
        .name("sluice-otlp-host-check")
        .start(
            () -> {
              try {
                InetAddress.getByName(host);
              } catch (UnknownHostException e) {
                Log.warn(
                    LOG,
                    "the collector's host does not resolve: no "
                        + signal
                        + " are exported until it does",
                    "endpoint",
                    endpoint.toString(),
                    "host",
                    host);
              }
            });
  }

  SpanExporter watch(SpanExporter exporter) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> spans) {
        return observe(exporter.export(spans));
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }
    };
  }

  LogRecordExporter watch(LogRecordExporter exporter) {
    return new LogRecordExporter() {
      @Override
      public CompletableResultCode export(Collection<LogRecordData> logs) {
        return observe(exporter.export(logs));
      }

      @Override
      public CompletableResultCode flush() {
        return exporter.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return exporter.shutdown();
      }
    };
  }

  private CompletableResultCode observe(CompletableResultCode result) {
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            succeeded();
          } else {
            failed(result.getFailureThrowable());
          }
        });
    return result;
  }

  synchronized void failed(Throwable cause) {
    failedSinceWarning++;
    long now = nanoTime.getAsLong();
    if (failing && now - warnedAt < EVERY.toNanos()) {
      return;
    }
    Log.warn(
        LOG,
        "cannot export " + signal + " to the collector: " + reason(cause),
        "endpoint",
        endpoint.toString(),
        "failed_exports",
        failedSinceWarning);
    failing = true;
    warnedAt = now;
    failedSinceWarning = 0;
  }

  synchronized void succeeded() {
    if (failing) {
      Log.info(
          LOG, "exporting " + signal + " to the collector again", "endpoint", endpoint.toString());
      failing = false;
      failedSinceWarning = 0;
    }
  }

  /**
   * The reason in a few words: the first cause in the chain that names one ("connection refused" is
   * a ConnectException around a ClosedChannelException), else the innermost cause's message.
   */
  @SuppressWarnings("ReferenceEquality") // a cause that is the throwable itself ends the chain
  static String reason(Throwable thrown) {
    if (thrown == null) {
      return "the collector did not accept the export";
    }
    Throwable innermost = thrown;
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      innermost = t;
      switch (t) {
        case UnknownHostException e -> {
          return "the host does not resolve";
        }
        case UnresolvedAddressException e -> {
          return "the host does not resolve";
        }
        case ConnectException e -> {
          // the JDK's HttpClient leaves a refused connection's message empty
          return e.getMessage() == null || e.getMessage().isBlank()
              ? "connection refused"
              : e.getMessage();
        }
        case HttpTimeoutException e -> {
          return "no answer in time";
        }
        default -> {}
      }
    }
    String m = innermost.getMessage();
    return m == null || m.isBlank() ? innermost.getClass().getSimpleName() : m;
  }
}
