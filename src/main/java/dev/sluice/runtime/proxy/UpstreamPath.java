package dev.sluice.runtime.proxy;

import dev.sluice.problem.ProblemException;
import dev.sluice.router.MalformedPathException;
import dev.sluice.router.PathTemplate;
import dev.sluice.router.RawSegments;
import io.helidon.http.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The path a proxy route sends upstream: the route's {@code proxy.path} template filled from the
 * request path's parameters, or the request path itself. Every segment is decoded and encoded again
 * on its own, so a decoded {@code %2F}, {@code %3F}, {@code %23} or CR/LF stays inside its segment
 * (as {@code %2F}, ...), never structure; a catch-all keeps its slashes. A segment that is, or
 * decodes to, {@code .} or {@code ..} — also between encoded slashes, {@code ..%2F..%2Fadmin} — is
 * refused with 400, so no upstream that decodes {@code %2F} itself can be walked out of its prefix.
 */
final class UpstreamPath {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final PathTemplate route;
  private final Optional<List<RawSegments.Part>> rewrite;

  UpstreamPath(PathTemplate route, Optional<PathTemplate> rewrite) {
    this.route = route;
    this.rewrite = rewrite.map(RawSegments::parts);
  }

  /** The upstream path for a request to {@code rawPath}, which the route's template matched. */
  String of(String rawPath) {
    List<String> segments = RawSegments.split(rawPath);
    StringBuilder out = new StringBuilder(rawPath.length() + 16);
    if (rewrite.isEmpty()) {
      for (String s : segments) {
        out.append('/');
        appendSegment(out, s);
      }
    } else {
      Map<String, List<String>> params = RawSegments.params(route, segments);
      for (RawSegments.Part part : rewrite.get()) {
        if (!part.isParam()) {
          out.append('/').append(part.text());
          continue;
        }
        for (String s : params.getOrDefault(part.text(), List.of())) {
          out.append('/');
          appendSegment(out, s);
        }
      }
    }
    return out.isEmpty() ? "/" : out.toString();
  }

  private static void appendSegment(StringBuilder out, String raw) {
    String decoded;
    try {
      decoded = RawSegments.decode(raw);
    } catch (MalformedPathException e) {
      throw new ProblemException(
          Status.BAD_REQUEST_400, "the request path is malformed: " + e.problem());
    }
    for (String part : decoded.split("[/\\\\]", -1)) {
      if (part.equals(".") || part.equals("..")) {
        throw new ProblemException(
            Status.BAD_REQUEST_400,
            "the request path holds a \".\" or \"..\" segment, which a proxy route does not pass on");
      }
    }
    encode(out, decoded);
  }

  /** {@code text} as one path segment: unreserved, sub-delims, ':' and '@' as they are. */
  static void encode(StringBuilder out, String text) {
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isPchar(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
  }

  private static boolean isPchar(int c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
  }
}
