package dev.sluice.runtime.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code content-type}: the media types a request body may have. A request with a body ({@code
 * Content-Length} above 0, or chunked) whose {@code Content-Type} is missing or not allowed is
 * answered 415; requests without a body pass.
 *
 * <pre>
 * stacks:
 *   api:
 *     - content-type: {allow: [application/json, text/*]}
 * </pre>
 *
 * <p>Parameters ({@code ; charset=utf-8}) are ignored and names compare case-insensitively. An
 * entry is a media type ({@code application/json}) or every subtype of one type ({@code text/*}).
 */
final class ContentTypeMiddleware implements Middleware {
  /** RFC 9110 token / token, as a request writes it. */
  private static final Pattern MEDIA_TYPE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9a-z-]+/[!#$%&'*+.^_`|~0-9a-z-]+");

  private final List<MediaRange> allowed;
  private final String allowedText;

  private ContentTypeMiddleware(List<MediaRange> allowed) {
    this.allowed = List.copyOf(allowed);
    this.allowedText = allowed.stream().map(MediaRange::text).collect(Collectors.joining(", "));
  }

  /** Builds it from {@code {allow: [type/subtype | type/*, ...]}}. */
  static ContentTypeMiddleware create(JsonNode args, MiddlewareContext context) {
    List<MediaRange> ranges = new ArrayList<>();
    for (JsonNode entry : args.path("allow")) {
      MediaRange range = MediaRange.parse(entry.asText());
      for (MediaRange earlier : ranges) {
        if (earlier.covers(range) || range.covers(earlier)) {
          throw new IllegalArgumentException(
              "allow lists "
                  + earlier.text()
                  + " and "
                  + range.text()
                  + ", which overlap; keep one of them");
        }
      }
      ranges.add(range);
    }
    if (ranges.isEmpty()) {
      throw new IllegalArgumentException("allow must list at least one media type");
    }
    return new ContentTypeMiddleware(ranges);
  }

  @Override
  public Handler wrap(Handler next) {
    return ex -> {
      if (hasBody(ex.request())) {
        check(ex.request().headers().first(HeaderNames.CONTENT_TYPE));
      }
      next.handle(ex);
    };
  }

  private void check(Optional<String> header) {
    if (header.isEmpty() || header.get().isBlank()) {
      throw refused("the request has a body but no Content-Type");
    }
    String essence = essence(header.get());
    if (!MEDIA_TYPE.matcher(essence).matches()) {
      throw refused("the Content-Type \"" + printable(header.get()) + "\" is not a media type");
    }
    int slash = essence.indexOf('/');
    String type = essence.substring(0, slash);
    String subtype = essence.substring(slash + 1);
    for (MediaRange r : allowed) {
      if (r.matches(type, subtype)) {
        return;
      }
    }
    throw refused("the media type " + essence + " is not accepted here");
  }

  private ProblemException refused(String why) {
    return new ProblemException(
        Status.UNSUPPORTED_MEDIA_TYPE_415, why + "; allowed: " + allowedText);
  }

  /** True when the request announces a body: a positive Content-Length, or chunked framing. */
  static boolean hasBody(ServerRequest request) {
    return request.headers().contains(HeaderNames.TRANSFER_ENCODING)
        || request.headers().contentLength().orElse(0L) > 0;
  }

  /** The media type without parameters, trimmed and in lower case. */
  static String essence(String header) {
    int semicolon = header.indexOf(';');
    String bare = semicolon < 0 ? header : header.substring(0, semicolon);
    return bare.strip().toLowerCase(Locale.ROOT);
  }

  private static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** {@code type/subtype}, or {@code type/*} for every subtype; both lower case. */
  record MediaRange(String type, String subtype) {
    static MediaRange parse(String text) {
      String t = text.strip().toLowerCase(Locale.ROOT);
      int slash = t.indexOf('/');
      if (slash <= 0 || slash == t.length() - 1 || t.indexOf(';') >= 0) {
        throw new IllegalArgumentException(
            "\"" + text + "\" is not a media type (application/json) or range (text/*)");
      }
      String type = t.substring(0, slash);
      String subtype = t.substring(slash + 1);
      if (type.equals("*")) {
        throw new IllegalArgumentException(
            "\"" + text + "\" would accept every media type; leave content-type out instead");
      }
      return new MediaRange(type, subtype);
    }

    boolean matches(String type, String subtype) {
      return this.type.equals(type) && (this.subtype.equals("*") || this.subtype.equals(subtype));
    }

    boolean covers(MediaRange other) {
      return type.equals(other.type) && (subtype.equals("*") || subtype.equals(other.subtype));
    }

    String text() {
      return type + "/" + subtype;
    }
  }
}
