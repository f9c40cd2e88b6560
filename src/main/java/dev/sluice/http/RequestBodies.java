package dev.sluice.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.problem.ProblemException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;

/** Reads request bodies: raw bytes once, and JSON with the position of a syntax error. */
final class RequestBodies {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] NONE = new byte[0];

  private RequestBodies() {}

  static byte[] read(ServerRequest request) {
    if (!request.content().hasEntity()) {
      return NONE;
    }
    return request.content().as(byte[].class);
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
}
