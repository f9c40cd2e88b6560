package dev.sluice.bind.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.spec.ContentTypeArgs;
import dev.sluice.spec.ContentTypeArgs.MediaRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code - content-type: {allow: [application/json, text/*]}}: media types or ranges without
 * parameters, at least one, none covering another, never {@code *}/{@code *}.
 */
final class ContentTypeArgsParser {
  private ContentTypeArgsParser() {}

  static Optional<ContentTypeArgs> parse(Args a) {
    JsonNode allow = a.get("allow");
    List<MediaRange> ranges = new ArrayList<>();
    for (int i = 0; i < allow.size(); i++) {
      Optional<MediaRange> range = range(a, allow.get(i).asText(), i);
      if (range.isEmpty()) {
        continue;
      }
      for (MediaRange earlier : ranges) {
        if (covers(earlier, range.get()) || covers(range.get(), earlier)) {
          a.error(
              "allow lists "
                  + earlier.text()
                  + " and "
                  + range.get().text()
                  + ", which overlap; keep one of them",
              "allow",
              i);
        }
      }
      ranges.add(range.get());
    }
    if (allow.isEmpty()) {
      a.error("allow must list at least one media type", a.at("allow"));
    }
    return a.result(() -> new ContentTypeArgs(ranges));
  }

  private static Optional<MediaRange> range(Args a, String text, int i) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    if (slash <= 0 || slash == t.length() - 1 || t.indexOf(';') >= 0) {
      a.error(
          "\"" + text + "\" is not a media type (application/json) or range (text/*)", "allow", i);
      return Optional.empty();
    }
    String type = t.substring(0, slash);
    if (type.equals("*")) {
      a.error(
          "\"" + text + "\" would accept every media type; leave content-type out instead",
          "allow",
          i);
      return Optional.empty();
    }
    return Optional.of(new MediaRange(type, t.substring(slash + 1)));
  }

  /** Whether every type {@code b} admits, {@code a} admits too. */
  private static boolean covers(MediaRange a, MediaRange b) {
    return a.type().equals(b.type())
        && (a.subtype().equals("*") || a.subtype().equals(b.subtype()));
  }
}
