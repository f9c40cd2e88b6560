package dev.sluice.ratelimit;

import dev.sluice.config.ConfigSnapshot;
import dev.sluice.config.RateLimitSpec;
import dev.sluice.tracing.Spans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Locale;

/**
 * A store whose every call is a span of the traced request that made it: CLIENT for Redis, INTERNAL
 * for the in-process store. Used only when the table's tracing is on.
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
  private final SpanKind kind;
  private final Attributes attributes;

  private TracedStore(RateLimitStore store, RateLimitSpec spec) {
    this.store = store;
    this.name = "rate-limit " + spec.name();
    this.kind = spec.store() == RateLimitSpec.Store.REDIS ? SpanKind.CLIENT : SpanKind.INTERNAL;
    this.attributes =
        Attributes.of(POLICY, spec.name(), STORE, spec.store().name().toLowerCase(Locale.ROOT));
  }

  /** {@code store} itself when {@code snapshot} does not trace, else {@code store} in spans. */
  static RateLimitStore of(RateLimitStore store, RateLimitSpec spec, ConfigSnapshot snapshot) {
    return snapshot.gateway().telemetry().tracing().enabled()
        ? new TracedStore(store, spec)
        : store;
  }

  @Override
  public Decision tryConsume(String key) throws StoreUnavailableException {
    Span span = Spans.child(name, kind);
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
