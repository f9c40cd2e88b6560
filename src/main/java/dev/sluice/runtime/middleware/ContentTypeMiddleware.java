package dev.sluice.runtime.middleware;

import dev.sluice.problem.ProblemException;
import dev.sluice.runtime.http.Handler;
import dev.sluice.runtime.http.Middleware;
import dev.sluice.spec.ContentTypeArgs;
import dev.sluice.spec.ContentTypeArgs.MediaRange;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
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

  static ContentTypeMiddleware create(ContentTypeArgs args) {
    return new ContentTypeMiddleware(args.allow());
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
      if (r.type().equals(type) && (r.subtype().equals("*") || r.subtype().equals(subtype))) {
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
}
