package dev.sluice.runtime.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.sluice.problem.ProblemException;
import io.helidon.common.buffers.DataReader;
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
  /**
   * Strict where parsers disagree, so that what the gateway validates is what it uses: content
   * after the JSON value ({@code {"a":1}}{@code }}) and a key given twice are syntax errors, and a
   * number beyond a double's range ({@code 1e400}, which Jackson would read as Infinity) is refused
   * ({@link FiniteNumbers}).
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .nodeFactory(new FiniteNumbers())
          .build();

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
    } catch (NumberFormatException | DataReader.IncorrectNewLineException e) {
      // Helidon's chunk reader: a chunk size that is not a hexadecimal number (Helidon 4.5 also
      // takes a chunk extension, "25;name=value", for one), or a size line without CRLF
      throw closing(
          new ProblemException(
              Status.BAD_REQUEST_400,
              "the request body's chunked encoding is malformed: each chunk must start with its"
                  + " size in hexadecimal and CRLF (chunk extensions are not accepted)"));
    } catch (DataReader.InsufficientDataAvailableException e) {
      throw closing(
          new ProblemException(
              Status.BAD_REQUEST_400,
              "the request body ended early: the connection closed before all of it arrived"));
    }
  }

  static JsonNode json(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    int bad = Utf8.firstMalformed(body);
    if (bad >= 0) {
      throw new ProblemException(
          Status.BAD_REQUEST_400,
          "the request body is not valid UTF-8 (byte "
              + bad
              + (body[bad] == 0 ? ", a NUL" : "")
              + "); JSON must be sent as UTF-8");
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (FiniteNumbers.NotFiniteException e) {
      throw new ProblemException(
          Status.BAD_REQUEST_400,
          "a number in the request body is too large: JSON numbers here stay within about ±1.8e308");
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
