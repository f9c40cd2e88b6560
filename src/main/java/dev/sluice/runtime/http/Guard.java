package dev.sluice.runtime.http;

import dev.sluice.log.Log;
import dev.sluice.problem.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import java.util.logging.Logger;

/**
 * The error boundary around each link of a chain: a {@link ProblemException} becomes its problem
 * response, anything else a 500 whose detail goes to the log only. Wrapping every link means the
 * middleware outside a failure (access-log, say) always sees a sent response with its status. A
 * {@link CloseConnectionException} passes through: its response is already partly sent.
 */
public final class Guard {
  private static final Logger LOG = Logger.getLogger("sluice.http");

  private Guard() {}

  public static Handler around(Handler h) {
    return ex -> {
      try {
        h.handle(ex);
      } catch (ProblemException p) {
        ex.fail(p);
      } catch (CloseConnectionException c) {
        // a response cut after its head went out (a proxied body): nothing can be answered any
        // more; Helidon closes the connection so the client sees a short body
        throw c;
      } catch (Exception | Error e) {
        if (e instanceof VirtualMachineError vme) {
          throw vme;
        }
        Log.error(LOG, "request failed", e, "route", ex.routeId());
        ex.fail(
            new ProblemException(
                Status.INTERNAL_SERVER_ERROR_500,
                "the gateway could not complete the request; see the log for request_id "
                    + ex.requestId()));
      }
    };
  }
}
