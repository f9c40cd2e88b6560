package dev.sluice.runtime.http;

/** Answers one request. Route handlers and middleware-wrapped chains are all handlers. */
@FunctionalInterface
public interface Handler {
  /**
   * Handles the exchange. Throw {@link dev.sluice.problem.ProblemException} to answer with a
   * problem; any other exception becomes a 500 whose detail stays in the log.
   */
  void handle(Exchange exchange) throws Exception;
}
