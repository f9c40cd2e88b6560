package dev.sluice.runtime.telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@link QueryTimer}s of one route table's SQL routes: made while the table is built, bound to
 * a registry when a server with metrics serves the table.
 */
public final class QueryTimers {
  private final List<QueryTimer> timers = new ArrayList<>();
  private Function<QueryTimer, io.helidon.metrics.api.Timer> binding;

  /** The timer for the statements route {@code route} runs on {@code datasource}. */
  public synchronized QueryTimer timer(String datasource, String route) {
    QueryTimer t = new QueryTimer(datasource, route);
    timers.add(t);
    if (binding != null) {
      t.bind(binding.apply(t));
    }
    return t;
  }

  /** Binds every timer, now and later, to the meter {@code binding} gives it. */
  public synchronized void bind(Function<QueryTimer, io.helidon.metrics.api.Timer> binding) {
    this.binding = binding;
    timers.forEach(t -> t.bind(binding.apply(t)));
  }
}
