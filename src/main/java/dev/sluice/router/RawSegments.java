package dev.sluice.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A matched request path in raw (still percent-encoded) segments, for code that must build a new
 * path from it without ever turning a decoded {@code %2F} into a separator (the proxy's rewrite).
 */
public final class RawSegments {
  private RawSegments() {}

  /**
   * The segments of a raw path ({@code /a/b%2Fc} → {@code a}, {@code b%2Fc}); none for {@code /}.
   */
  public static List<String> split(String rawPath) {
    List<String> out = new ArrayList<>();
    if (rawPath.isEmpty() || rawPath.equals("/")) {
      return out;
    }
    int start = 1;
    while (true) {
      int slash = rawPath.indexOf('/', start);
      out.add(rawPath.substring(start, slash < 0 ? rawPath.length() : slash));
      if (slash < 0) {
        return out;
      }
      start = slash + 1;
    }
  }

  /**
   * One raw segment decoded as UTF-8.
   *
   * @throws MalformedPathException for a malformed escape or bytes that are not UTF-8
   */
  public static String decode(String rawSegment) {
    return rawSegment.indexOf('%') < 0
        ? rawSegment
        : PercentDecoder.decode(rawSegment, rawSegment, 0, rawSegment.length());
  }

  /**
   * The raw segments each parameter of {@code template} matched in {@code segments} (a path the
   * template matched): one for a {@code {name}}, the rest of the path for a catch-all.
   */
  public static Map<String, List<String>> params(PathTemplate template, List<String> segments) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<Segment> parts = template.segments();
    for (int i = 0; i < parts.size() && i < segments.size(); i++) {
      switch (parts.get(i)) {
        case Segment.Param p -> out.put(p.name(), List.of(segments.get(i)));
        case Segment.CatchAll c ->
            out.put(c.name(), List.copyOf(segments.subList(i, segments.size())));
        case Segment.Literal l -> {}
      }
    }
    return out;
  }

  /**
   * The segments of a template, each a literal's text or the name of the parameter standing there
   * (with {@code isParam} telling which), for expanding a rewrite template.
   */
  public static List<Part> parts(PathTemplate template) {
    List<Part> out = new ArrayList<>();
    for (Segment s : template.segments()) {
      out.add(
          switch (s) {
            case Segment.Literal l -> new Part(l.text(), false);
            case Segment.Param p -> new Part(p.name(), true);
            case Segment.CatchAll c -> new Part(c.name(), true);
          });
    }
    return out;
  }

  /** A template segment: a literal's text, or a parameter's name. */
  public record Part(String text, boolean isParam) {}
}
