package dev.sluice.runtime.ratelimit;

/** The store of a policy (Redis) did not answer in time or could not be reached. */
public final class StoreUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
