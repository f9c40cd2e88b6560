package dev.sluice.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.problem.ProblemException;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads request bodies: raw bytes once, and JSON with the position of a syntax error.
 *
 * <p>A body over a limit — the route's {@link BodyLimit} or the server's {@code max-payload-size} —
 * is a 413 with {@code Connection: close}: the rest of the body is still on its way, and closing is
 * the only way not to read it.
 */
final class RequestBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NONE = new byte[0];

  private RequestBodies() {}

  static byte[] read(ServerRequest request) {
    if (!request.content().hasEntity()) {
      return NONE;
    }
    try {
      return request.content().as(byte[].class);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof BodyLimit.ExceededException x) {
        throw x.limit().refusal();
      }
      throw closing(
          new ProblemException(Status.BAD_REQUEST_400, "the request body could not be read"));
    } catch (HttpException e) {
      throw overServerLimit(e.status(), e);
    } catch (RequestException e) {
      throw overServerLimit(e.status(), e);
    }
  }

  static JsonNode json(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new ProblemException(
          Status.BAD_REQUEST_400,
          "the request body is not valid JSON"
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
    } catch (IOException e) {
      throw new ProblemException(Status.BAD_REQUEST_400, "the request body could not be read");
    }
  }

  /** A 413 that closes the connection, so the rest of the body is never read. */
  static ProblemException tooLarge(String detail) {
    return closing(new ProblemException(Status.REQUEST_ENTITY_TOO_LARGE_413, detail));
  }

  /** Helidon refused the body while it was read: its server-wide limit, or a framing error. */
  private static ProblemException overServerLimit(Status status, RuntimeException e) {
    if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
      return tooLarge("the request body is larger than the server accepts");
    }
    if (status.code() >= 400 && status.code() < 500) {
      return closing(new ProblemException(status, "the request body could not be read"));
    }
    throw e;
  }

  private static ProblemException closing(ProblemException p) {
    return p.header("Connection", "close");
  }
}
