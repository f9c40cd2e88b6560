package dev.sluice.runtime.proxy;

import dev.sluice.problem.ProblemException;
import dev.sluice.spec.UpstreamSpec;
import io.helidon.http.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/** How one try on a target ended: answered (streamed to the client), or failed and why. */
sealed interface Outcome {
  Answered ANSWERED = new Answered();

  /** The response went to the client. */
  final class Answered implements Outcome {
    private Answered() {}
  }

  /** What went wrong, as the failures a retry policy names. */
  enum Kind {
    CONNECT,
    TLS,
    TIMEOUT,
    RESET,
    STATUS,
    BUSY
  }

  /**
   * A try that failed before any response byte went to the client.
   *
   * @param problem the answer if no other try follows
   * @param status the upstream's status for {@link Kind#STATUS}, else 0
   */
  record Failed(Kind kind, ProblemException problem, int status) implements Outcome {
    /** Whether {@code retries} allow another try after this failure. */
    boolean retryable(UpstreamSpec.Retries retries) {
      return switch (kind) {
        case CONNECT, TLS -> retries.onConnectFailure();
        case RESET -> retries.onReset();
        case STATUS, BUSY -> true;
        case TIMEOUT -> false;
      };
    }
  }

  /** A failure of the JDK client before the response head: connect, TLS, timeout or reset. */
  static Failed failed(IOException e, String upstream, String address) {
    String who = "upstream " + upstream + " (" + address + ")";
    if (e instanceof HttpConnectTimeoutException) {
      return new Failed(
          Kind.CONNECT,
          new ProblemException(
              Status.GATEWAY_TIMEOUT_504, who + " did not accept a connection in time"),
          0);
    }
    if (e instanceof HttpTimeoutException) {
      return new Failed(
          Kind.TIMEOUT,
          new ProblemException(Status.GATEWAY_TIMEOUT_504, who + " did not answer in time"),
          0);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof SSLException) {
        return new Failed(
            Kind.TLS,
            new ProblemException(
                Status.BAD_GATEWAY_502,
                "the TLS handshake with "
                    + who
                    + " failed (its certificate is not trusted or"
                    + " does not name the host, or no protocol or cipher is shared)"),
            0);
      }
      if (c instanceof ConnectException
          || c instanceof UnresolvedAddressException
          || c instanceof UnknownHostException) {
        return new Failed(
            Kind.CONNECT,
            new ProblemException(
                Status.BAD_GATEWAY_502,
                who
                    + (c instanceof ConnectException
                        ? " refused the connection"
                        : " could not be resolved")),
            0);
      }
    }
    return new Failed(
        Kind.RESET,
        new ProblemException(
            Status.BAD_GATEWAY_502, who + " closed the connection before answering"),
        0);
  }

  /**
   * A small answer that stopped before its last byte while Sluice was reading it whole, before the
   * head went to the client: still a problem, as a timeout or a reset.
   */
  static Failed cutBeforeHead(boolean timedOut, String upstream, String address) {
    String who = "upstream " + upstream + " (" + address + ")";
    return timedOut
        ? new Failed(
            Kind.TIMEOUT,
            new ProblemException(Status.GATEWAY_TIMEOUT_504, who + " did not answer in time"),
            0)
        : new Failed(
            Kind.RESET,
            new ProblemException(
                Status.BAD_GATEWAY_502, who + " closed the connection before finishing its answer"),
            0);
  }
}
