package dev.sluice.runtime;

import dev.sluice.runtime.http.Guard;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.runtime.middleware.MiddlewareContext;
import dev.sluice.runtime.middleware.Middlewares;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.MiddlewareSpec;
import java.util.ArrayList;
import java.util.List;

/** Composes a handler with its middleware, outermost first, each link behind a {@link Guard}. */
final class Chains {
  private Chains() {}

  /**
   * The chain of {@code handler} behind {@code specs}. Their arguments were checked when bound; a
   * shared resource that cannot be opened (a JWKS file gone since) is an error at its middleware.
   */
  static Handler compose(
      MiddlewareContext context,
      List<MiddlewareSpec> specs,
      Handler handler,
      List<ConfigError> errors) {
    List<Middleware> built = new ArrayList<>();
    for (MiddlewareSpec spec : specs) {
      try {
        built.add(Middlewares.create(spec.args(), context));
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
