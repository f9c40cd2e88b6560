package dev.sluice.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sluice.log.LogContext;
import dev.sluice.problem.ProblemException;
import dev.sluice.problem.Problems;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;

/**
 * One request in flight: Helidon's request and response, plus what the gateway learnt about it —
 * its request id, client address, the route that matched and that route's path parameters.
 *
 * <p>While a request is handled its exchange is bound to the handling (virtual) thread, so log
 * lines written anywhere on that thread carry its request id.
 */
public final class Exchange {
  private static final HeaderName CONTENT_LENGTH = HeaderNames.CONTENT_LENGTH;

  private final ServerRequest request;
  private final ServerResponse response;
  private final String requestId;
  private final long startNanos;
  private final String clientAddress;
  private String routeId = "";
  private String routeTemplate = "";
  private Map<String, String> pathParams = Map.of();
  private final boolean isHead;
  private JsonNode claims; // null until authenticated or asked for: most requests never are
  private byte[] body;
  private JsonNode jsonBody;
  private Map<Class<?>, Object> attributes;

  public Exchange(
      ServerRequest request,
      ServerResponse response,
      String requestId,
      String clientAddress,
      long startNanos) {
    this.request = request;
    this.response = response;
    this.requestId = requestId;
    this.clientAddress = clientAddress;
    this.startNanos = startNanos;
    this.isHead = Method.HEAD.equals(request.prologue().method());
  }

  /** Binds this exchange to the current thread until {@link #unbind()}. */
  public void bind() {
    LogContext.bind(requestId);
  }

  /** Removes the binding made by {@link #bind()}. */
  public void unbind() {
    LogContext.unbind();
  }

  public ServerRequest request() {
    return request;
  }

  public ServerResponse response() {
    return response;
  }

  public String requestId() {
    return requestId;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public long startNanos() {
    return startNanos;
  }

  /** The id of the matched route, or empty when no route matched (404, 405). */
  public String routeId() {
    return routeId;
  }

  /** The matched route's path template ({@code /users/{id}}), or empty when none matched. */
  public String routeTemplate() {
    return routeTemplate;
  }

  public Map<String, String> pathParams() {
    return pathParams;
  }

  /**
   * Sends {@code body} as the response entity — or, for a HEAD request, only its headers with the
   * {@code Content-Length} a GET would have had (Helidon itself would send the body).
   */
  public void send(byte[] body) {
    if (isHead) {
      response.header(CONTENT_LENGTH, String.valueOf(body.length));
      response.send();
    } else {
      response.send(body);
    }
  }

  /**
   * A value a middleware keeps for the rest of the chain (a deadline, a rate-limit decision), keyed
   * by its type.
   */
  public <T> Optional<T> attribute(Class<T> type) {
    return attributes == null
        ? Optional.empty()
        : Optional.ofNullable(type.cast(attributes.get(type)));
  }

  /** Stores {@code value} under its type; see {@link #attribute(Class)}. */
  public <T> void attribute(Class<T> type, T value) {
    if (attributes == null) {
      attributes = new java.util.HashMap<>(4);
    }
    attributes.put(type, value);
  }

  /** The verified claims of the caller (set by {@code auth}); an empty object when anonymous. */
  public JsonNode claims() {
    if (claims == null) {
      claims = JsonNodeFactory.instance.objectNode();
    }
    return claims;
  }

  /**
   * Records the caller's verified claims. Called by {@code auth} once the credentials check out.
   */
  public void authenticated(JsonNode claims) {
    this.claims = claims;
  }

  /**
   * The request body as JSON, read and parsed once per request (later calls return the same tree);
   * a missing node when there is no body. Malformed JSON is a 400 naming the position.
   */
  public JsonNode jsonBody() {
    if (jsonBody == null) {
      jsonBody = RequestBodies.json(body());
    }
    return jsonBody;
  }

  /** The request body's bytes, read once per request; empty when there is none. */
  public byte[] body() {
    if (body == null) {
      body = RequestBodies.read(request);
    }
    return body;
  }

  /**
   * Answers with an RFC 9457 problem, unless a response was already sent (then there is nothing
   * left to tell the client; the caller has logged the failure).
   */
  public void fail(ProblemException p) {
    if (response.isSent()) {
      return;
    }
    p.headers().forEach(response::header);
    response.status(p.status());
    response.header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
    response.header(HeaderNames.CACHE_CONTROL, "no-store");
    send(Problems.body(p, request.path().rawPath(), requestId));
  }

  /** Records the route that matched. Called once, by the router. */
  public void matched(String id, String template, Map<String, String> params) {
    this.routeId = id;
    this.routeTemplate = template;
    this.pathParams = params;
  }
}
