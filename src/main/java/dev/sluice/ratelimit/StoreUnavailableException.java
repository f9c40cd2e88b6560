package dev.sluice.ratelimit;

/** The store of a policy (Redis) did not answer in time or could not be reached. */
public final class StoreUnavailableException extends Exception {
  StoreUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
