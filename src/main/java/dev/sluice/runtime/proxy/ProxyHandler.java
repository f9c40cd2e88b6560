package dev.sluice.runtime.proxy;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Exchange;
import dev.sluice.runtime.http.Handler;
import dev.sluice.spec.ProxySpec;
import io.helidon.http.Status;

/** {@code proxy:} forwards the request to its upstream and streams the answer back. */
public final class ProxyHandler implements Handler {
  private ProxyHandler() {}

  public static ProxyHandler create(ProxySpec spec) {
    return new ProxyHandler();
  }

  @Override
  public void handle(Exchange ex) {
    throw new ProblemException(Status.NOT_IMPLEMENTED_501, "not yet");
  }
}
