package dev.sluice.runtime.telemetry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.sameInstance;

import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.TelemetrySpec;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import org.junit.jupiter.api.Test;

/** What tracing costs when it is off, and the pieces decided when a route is built. */
class TracingTest {
  private final Handler dispatch = ex -> {};

  @Test
  void offTheDispatchIsReturnedUnwrapped() {
    try (Tracing off = Tracing.of(TelemetrySpec.Tracing.defaults())) {
      assertThat(off.around(dispatch), is(sameInstance(dispatch)));
    }
  }

  @Test
  void onTheDispatchRunsInsideServerSpansUntilTheTableCloses() {
    TelemetrySpec.Tracing d = TelemetrySpec.Tracing.defaults();
    Tracing on = Tracing.of(new TelemetrySpec.Tracing(true, d.endpoint(), 1.0, d.serviceName()));
    assertThat(on.around(dispatch), is(instanceOf(ServerSpans.class)));
    on.close();
    assertThat(on.around(dispatch), is(sameInstance(dispatch))); // no SDK started again
  }

  @Test
  void outsideATracedRequestAChildIsTheNoOpSpan() {
    assertThat(Spans.child("SELECT db", SpanKind.CLIENT), is(sameInstance(Span.getInvalid())));
  }

  @Test
  void theOperationIsTheStatementsLeadingKeyword() {
    assertThat(SqlTracing.operation("  select id FROM users WHERE id = ?"), is("SELECT"));
    assertThat(SqlTracing.operation("INSERT INTO users (name) VALUES (?)"), is("INSERT"));
    assertThat(SqlTracing.operation("DELETE FROM users WHERE id = ?"), is("DELETE"));
    assertThat(SqlTracing.operation("WITH d AS (DELETE FROM users) SELECT 1"), is(""));
    assertThat(SqlTracing.operation("-- comment\nSELECT 1"), is(""));
  }
}
