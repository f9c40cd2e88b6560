package dev.sluice.server;

import dev.sluice.problem.ProblemException;
import dev.sluice.problem.Problems;
import dev.sluice.router.TargetForm;
import dev.sluice.runtime.http.RequestIds;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import java.util.regex.Pattern;

/**
 * Problem details for errors Helidon answers before routing (malformed requests, oversized
 * payloads, too many concurrent requests), so they look like every other error of the gateway.
 */
final class DirectProblems implements DirectHandler {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final System.Logger LOG = System.getLogger("sluice.http");

  /**
   * RFC 3986 path characters: unreserved, sub-delims, ":", "@", "/", and "%" with two hex digits.
   */
  private static final Pattern PATH =
      Pattern.compile("(?:[A-Za-z0-9._~!$&'()*+,;=:@/-]|%[0-9A-Fa-f]{2})*");

  private DirectProblems() {}

  /** Direct handlers for every event type. */
  static DirectHandlers handlers() {
    DirectProblems h = new DirectProblems();
    DirectHandlers.Builder b = DirectHandlers.builder();
    for (DirectHandler.EventType t : DirectHandler.EventType.values()) {
      b.addHandler(t, h);
    }
    return b.build();
  }

  @Override
  public TransportResponse handle(
      TransportRequest request,
      EventType eventType,
      Status status,
      ServerResponseHeaders headers,
      String message) {
    Status effective = status;
    String path = safe(request::path);
    String detail = detailFor(eventType, effective, path);
    String method = safe(request::method);
    if (eventType == EventType.INTERNAL_ERROR && !TOKEN.matcher(method).matches()) {
      // Helidon 4.5 answers a request line it cannot parse (e.g. the method "G@T") with a 500 and
      // no request: the failure is in what the client sent, so it is a 400.
      effective = Status.BAD_REQUEST_400;
      detail = "the request line is malformed (method, target or version)";
    } else if (effective.code() >= 500
        && effective.code() != Status.HTTP_VERSION_NOT_SUPPORTED_505.code()) {
      LOG.log(System.Logger.Level.WARNING, "request failed before routing: " + message);
    }
    String incoming =
        safe(() -> request.headers().first(HeaderNames.create(RequestIds.HEADER)).orElse(""));
    String requestId = RequestIds.settle(incoming);
    ProblemException p = new ProblemException(effective, detail);
    headers.set(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE);
    headers.set(HeaderNames.create(RequestIds.HEADER), requestId);
    boolean keepAlive = eventType.keepAlive() && effective.code() < 500 && effective.code() != 413;
    if (!keepAlive) {
      headers.set(HeaderNames.CONNECTION, "close");
    }
    return TransportResponse.builder()
        .status(effective)
        .headers(headers)
        .keepAlive(keepAlive)
        .entity(Problems.body(p, path.isEmpty() ? "/" : path, requestId))
        .build();
  }

  private static String detailFor(EventType type, Status status, String path) {
    if (type == EventType.BAD_REQUEST && !path.isEmpty()) {
      // Helidon's parser refuses some targets itself ("[::1]:443", "/a%zz", "/a{b"), with no
      // message that says so: tell them from a header problem by the target
      TargetForm form = TargetForm.of(path);
      if (form != TargetForm.ORIGIN) {
        return form.refusal();
      }
      if (!isPath(path)) {
        return "the request path holds a character or percent-escape that a path may not hold";
      }
    }
    if (status.code() == Status.REQUEST_URI_TOO_LONG_414.code()) {
      return "the request target is longer than the server accepts";
    }
    if (status.code() == Status.REQUEST_ENTITY_TOO_LARGE_413.code()) {
      return "the request body is larger than the server accepts";
    }
    return switch (type) {
      // Helidon 4.5 reports headers over max-header-size as a plain bad request, without a
      // message that would tell the two apart
      case BAD_REQUEST ->
          "the request is malformed, or its headers are larger than the server accepts";
      case HTTP_VERSION_NOT_SUPPORTED -> "only HTTP/1.1 is supported; send HTTP/1.1";
      case FORBIDDEN -> "forbidden";
      case INTERNAL_ERROR -> "the request could not be processed";
      default ->
          status.code() == 503
              ? "the server is at its limit of concurrent requests"
              : status.reasonPhrase();
    };
  }

  private static boolean isPath(String rawPath) {
    return PATH.matcher(rawPath).matches();
  }

  private static String safe(java.util.function.Supplier<String> s) {
    try {
      String v = s.get();
      return v == null ? "" : v;
    } catch (RuntimeException e) {
      return "";
    }
  }
}
