package dev.sluice.log;

import java.util.Optional;

/**
 * The request a thread is handling, as log lines see it: while a request is handled its id is bound
 * to the handling (virtual) thread, so every line written on that thread carries {@code
 * request_id}.
 */
public final class LogContext {
  private static final ThreadLocal<String> REQUEST_ID = new ThreadLocal<>();

  private LogContext() {}

  /** Binds {@code requestId} to the current thread until {@link #unbind()}. */
  public static void bind(String requestId) {
    REQUEST_ID.set(requestId);
  }

  /** Removes the binding made by {@link #bind(String)}. */
  public static void unbind() {
    REQUEST_ID.remove();
  }

  /** The id of the request this thread handles, if any. */
  public static Optional<String> requestId() {
    return Optional.ofNullable(REQUEST_ID.get());
  }

  /** The same, or null: for the formatters, which run for every line. */
  static String requestIdOrNull() {
    return REQUEST_ID.get();
  }
}
