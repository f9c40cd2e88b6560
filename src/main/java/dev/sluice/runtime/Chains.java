package dev.sluice.runtime;

import dev.sluice.runtime.http.Guard;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.middleware.MiddlewareContext;
import dev.sluice.runtime.middleware.MiddlewareRegistry;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.MiddlewareSpec;
import java.util.ArrayList;
import java.util.List;

/** Composes a handler with its middleware, outermost first, each link behind a {@link Guard}. */
final class Chains {
  private Chains() {}

  static Handler compose(
      MiddlewareRegistry registry,
      MiddlewareContext context,
      List<MiddlewareSpec> specs,
      Handler handler,
      List<ConfigError> errors) {
    List<Middleware> built = new ArrayList<>();
    for (MiddlewareSpec spec : specs) {
      try {
        built.add(registry.create(spec.name(), spec.args(), context.in(spec.dir())));
      } catch (IllegalArgumentException e) {
        errors.add(spec.origin().error(spec.name() + ": " + e.getMessage()));
      }
    }
    Handler chain = Guard.around(handler);
    for (int i = built.size() - 1; i >= 0; i--) {
      chain = Guard.around(built.get(i).wrap(chain));
    }
    return chain;
  }
}
