package dev.sluice.runtime.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

import dev.sluice.log.Fields;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** One WARN a minute at most while exports fail, one INFO when they work again. */
class ExportWatchTest {
  @Test
  void warnsAtOnceThenAtMostOnceAMinuteCountingTheFailuresBetween() {
    AtomicLong now = new AtomicLong();
    ExportWatch w = new ExportWatch("spans", URI.create("http://127.0.0.1:9/v1/traces"), now::get);
    List<String> lines =
        capture(
            () -> {
              Throwable refused = new IOException("wrapped", new ConnectException());
              w.failed(refused); // WARN at once
              for (int s = 1; s < 60; s += 10) {
                now.set(Duration.ofSeconds(s).toNanos());
                w.failed(refused); // 6 within the minute: quiet
              }
              now.set(Duration.ofSeconds(61).toNanos());
              w.failed(refused); // a minute on: WARN, counting the 6 and this one
              w.succeeded(); // INFO once
              w.succeeded();
              w.failed(new UnknownHostException("collector")); // a new outage: WARN at once
            });
    assertThat(
        lines,
        contains(
            "WARNING cannot export spans to the collector: connection refused failed_exports=1",
            "WARNING cannot export spans to the collector: connection refused failed_exports=7",
            "INFO exporting spans to the collector again",
            "WARNING cannot export spans to the collector: the host does not resolve"
                + " failed_exports=1"));
  }

  @Test
  void theReasonIsTheFirstCauseThatNamesOne() {
    assertThat(
        ExportWatch.reason(new IOException(new ConnectException(null))), is("connection refused"));
    assertThat(
        ExportWatch.reason(new ConnectException("No route to host")), is("No route to host"));
    assertThat(
        ExportWatch.reason(new IOException(new ClosedChannelException())),
        is("ClosedChannelException"));
    assertThat(
        ExportWatch.reason(new IOException("outer", new IOException("HTTP 404"))), is("HTTP 404"));
    assertThat(ExportWatch.reason(null), is("the collector did not accept the export"));
  }

  private static List<String> capture(Runnable r) {
    Logger log = Logger.getLogger("sluice.telemetry");
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord rec) {
            String line = rec.getLevel() + " " + rec.getMessage();
            Object[] p = rec.getParameters();
            if (p != null && p.length == 1 && p[0] instanceof Fields f) {
              Object n = f.values().get("failed_exports");
              line += n == null ? "" : " failed_exports=" + n;
            }
            lines.add(line);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try {
      r.run();
    } finally {
      log.removeHandler(h);
    }
    return lines;
  }
}
