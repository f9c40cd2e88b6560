package dev.sluice.runtime.middleware;

import dev.sluice.runtime.http.Deadline;
import dev.sluice.runtime.http.DeadlineTimer;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.TimeoutArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code timeout}: a deadline for the request, counted from its arrival at the gateway.
 *
 * <pre>
 * stacks:
 *   api:
 *     - timeout: {after: 2s}
 * </pre>
 *
 * <p>The middleware puts a {@link Deadline} in the exchange and schedules it on the runtime's
 * {@link DeadlineTimer}. When it passes, the hooks that the running work registered are run — an
 * SQL route's {@code Statement.cancel()}, so a timed-out request holds no connection — and a static
 * route's {@code delay} ends; the request is answered 504 unless a response was already sent. The
 * request's thread is never interrupted. With two timeouts in one chain the earlier deadline wins.
 */
final class TimeoutMiddleware implements Middleware {
  private final Duration after;
  private final DeadlineTimer timer;

  private TimeoutMiddleware(Duration after, DeadlineTimer timer) {
    this.after = after;
    this.timer = timer;
  }

  static TimeoutMiddleware create(TimeoutArgs args, MiddlewareContext context) {
    return new TimeoutMiddleware(args.after(), context.resources().deadlines());
  }

  Duration after() {
    return after;
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      Optional<Deadline> outer = Deadline.of(ex);
      Deadline deadline = new Deadline(ex.startNanos(), after);
      if (outer.isPresent() && outer.get().atNanos() - deadline.atNanos() <= 0) {
        next.handle(ex); // an earlier deadline is already running
        return;
      }
      ex.attribute(Deadline.class, deadline);
      java.util.concurrent.Future<?> task = timer.schedule(deadline);
      try {
        next.handle(ex);
      } finally {
        task.cancel(false);
        outer.ifPresent(o -> ex.attribute(Deadline.class, o));
      }
      if (deadline.passed() && !ex.response().isSent()) {
        ex.fail(deadline.exceeded());
      }
    };
  }
}
