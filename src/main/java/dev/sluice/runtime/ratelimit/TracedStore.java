package dev.sluice.runtime.ratelimit;

import dev.sluice.runtime.telemetry.Spans;
import dev.sluice.spec.RateLimitSpec;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;

/**
 * A Redis store whose every call is a CLIENT span of the traced request that made it. Used only
 * when the table's tracing is on and the policy's store is Redis: a call to the in-process store is
 * a map lookup of a microsecond, cheaper than the span that would record it (and a third of a
 * traced request's spans), so it gets none (docs/decisions.md).
 */
final class TracedStore implements RateLimitStore {
  private static final AttributeKey<String> POLICY =
      AttributeKey.stringKey("sluice.rate_limit.policy");
  private static final AttributeKey<String> STORE =
      AttributeKey.stringKey("sluice.rate_limit.store");
  private static final AttributeKey<Boolean> ALLOWED =
      AttributeKey.booleanKey("sluice.rate_limit.allowed");

  private final RateLimitStore store;
  private final String name;
  private final Attributes attributes;

  private TracedStore(RateLimitStore store, RateLimitSpec spec) {
    this.store = store;
    this.name = "rate-limit " + spec.name();
    this.attributes =
        Attributes.of(POLICY, spec.name(), STORE, spec.store().name().toLowerCase(Locale.ROOT));
  }

  /**
   * {@code store} in spans when the store is Redis, else {@code store} itself (a local bucket is
   * not worth a span).
   */
  static RateLimitStore of(RateLimitStore store, RateLimitSpec spec) {
    return spec.store() == RateLimitSpec.Store.REDIS ? new TracedStore(store, spec) : store;
  }

  /** The store it traces (for tests). */
  RateLimitStore store() {
    return store;
  }

  @Override
  public int keys() {
    return store.keys();
  }

  @Override
  public Decision tryConsume(String key) throws StoreUnavailableException {
    Span span = Spans.child(name, SpanKind.CLIENT);
    if (!span.isRecording()) {
      return store.tryConsume(key);
    }
    span.setAllAttributes(attributes);
    try {
      Decision d = store.tryConsume(key);
      span.setAttribute(ALLOWED, d.allowed());
      return d;
    } catch (StoreUnavailableException e) {
      span.setAttribute(Spans.ERROR_TYPE, "store_unavailable");
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }
}
