package dev.sluice.runtime.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.sluice.testing.Await;
import dev.sluice.testing.RunningGateway;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: an unreachable collector is one WARN line with the reason (not the SDK's ERROR with a
 * stack trace per export), and a collector host that does not resolve is a WARN at start. The
 * once-a-minute repetition is ExportWatchTest's, on a clock it controls.
 */
class TelemetryOutageTest {
  private static final Path CONFIG =
      Path.of("src/test/resources/configs/tracing-outage/gateway.yaml");

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger root = Logger.getLogger("");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (isLoggable(r)) {
            records.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    capture.setLevel(Level.INFO);
    root.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    root.removeHandler(capture);
  }

  @Test
  void aClosedPortIsOneWarnLineWithTheReason() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closed + "/v1/traces";
    try (RunningGateway gw = RunningGateway.start(CONFIG, Map.of("OTLP_TRACES", endpoint))) {
      assertThat(gw.get("/").statusCode(), is(200));
      LogRecord warn = await(Duration.ofSeconds(40), "cannot export spans");
      assertThat(warn.getLevel(), is(Level.WARNING));
      assertThat(warn.getLoggerName(), is("sluice.telemetry"));
      assertThat(warn.getMessage(), containsStringIgnoringCase("connection refused"));
      assertThat(warn.getThrown() == null, is(true));
      // more spans, more failed exports, within the minute: still the one line
      for (int i = 0; i < 3; i++) {
        assertThat(gw.get("/").statusCode(), is(200));
        Thread.sleep(1100); // the scenario: time passes, more exports fail
      }
    }
    // no second line from this gateway within the minute (the line awaited above may be another
    // gateway's in this JVM: the once-a-minute limit can hold this one's back, hence at most one)
    assertThat(
        matching("cannot export spans to the collector: connection refused").stream()
            .filter(
                r ->
                    r.getParameters() != null
                        && r.getParameters().length > 0
                        && String.valueOf(r.getParameters()[0]).contains(endpoint))
            .count(),
        lessThanOrEqualTo(1L));
    assertThat(fromTheSdk(), is(empty()));
  }

  @Test
  void aHostThatDoesNotResolveIsAWarnAtStart() throws Exception {
    String endpoint = "http://collector.invalid:4318/v1/traces";
    try (RunningGateway gw = RunningGateway.start(CONFIG, Map.of("OTLP_TRACES", endpoint))) {
      LogRecord warn = await(Duration.ofSeconds(20), "does not resolve");
      assertThat(warn.getLevel(), is(Level.WARNING));
      assertThat(warn.getMessage(), containsString("the collector's host does not resolve"));
    }
    assertThat(fromTheSdk(), is(empty()));
  }

  private LogRecord await(Duration max, String text) {
    return Await.value(
            "a log line with \"" + text + "\"", max, () -> matching(text), f -> !f.isEmpty())
        .get(0);
  }

  private List<LogRecord> matching(String text) {
    return records.stream()
        .filter(r -> r.getMessage() != null && r.getMessage().contains(text))
        .toList();
  }

  /** Warnings and errors the OpenTelemetry SDK logged itself. */
  private List<String> fromTheSdk() {
    return records.stream()
        .filter(r -> r.getLoggerName() != null && r.getLoggerName().startsWith("io.opentelemetry"))
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(r -> r.getLoggerName() + ": " + r.getMessage())
        .toList();
  }

  private List<String> lines() {
    return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
  }
}
