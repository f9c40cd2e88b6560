package dev.sluice.router;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A parsed route path template such as {@code /}, {@code /users}, {@code /users/{id}} or {@code
 * /files/{path...}}.
 *
 * <p>Rules, checked by {@link #parse(String)}:
 *
 * <ul>
 *   <li>The template starts with {@code /}. Only the root template {@code /} ends with {@code /};
 *       empty segments ({@code //}) and a trailing slash ({@code /users/}) are rejected. Matching
 *       is strict too: the request path {@code /users/} does not match {@code /users}.
 *   <li>A segment is either fully literal or fully a parameter: {@code {name}} matches one
 *       non-empty request segment; {@code pre{x}post} is rejected.
 *   <li>A trailing catch-all {@code {name...}} matches one or more remaining non-empty request
 *       segments; its value is those segments, each percent-decoded, joined with {@code /}. It may
 *       only be the last segment.
 *   <li>Parameter names match {@code [A-Za-z_][A-Za-z0-9_]*} and are unique within a template.
 *   <li>Literal segments use only the unescaped URI path characters {@code A-Z a-z 0-9 - . _ ~ ! $
 *       & ' ( ) * + , ; = : @} (no {@code %}, so the template text needs no decoding), and are not
 *       the dot segments {@code .} or {@code ..}.
 * </ul>
 *
 * <p>Two templates are equal when their texts are equal. Two templates with the same {@link
 * #shape()} match exactly the same request paths.
 */
public final class PathTemplate {
  private final String template;
  private final List<Segment> segments;
  private final List<String> parameterNames;
  private final String shape;

  private PathTemplate(String template, List<Segment> segments, List<String> parameterNames) {
    this.template = template;
    this.segments = segments;
    this.parameterNames = parameterNames;
    this.shape = shapeOf(segments);
  }

  /**
   * Parses and validates a path template.
   *
   * @throws InvalidPathTemplateException if the template breaks one of the rules above
   */
  public static PathTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
    if (template.isEmpty() || template.charAt(0) != '/') {
      throw new InvalidPathTemplateException(template, "must start with \"/\"");
    }
    if (template.length() == 1) {
      return new PathTemplate(template, List.of(), List.of());
    }
    List<Segment> segments = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int start = 1;
    int number = 1;
    while (true) {
      int slash = template.indexOf('/', start);
      int end = slash < 0 ? template.length() : slash;
      Segment segment = parseSegment(template, template.substring(start, end), number, slash < 0);
      if (segment instanceof Segment.Param p) {
        addName(template, p.name(), number, seen, names);
      } else if (segment instanceof Segment.CatchAll c) {
        if (slash >= 0) {
          throw new InvalidPathTemplateException(
              template,
              "catch-all \"{"
                  + c.name()
                  + "...}\" in segment "
                  + number
                  + " must be the last segment");
        }
        addName(template, c.name(), number, seen, names);
      }
      segments.add(segment);
      if (slash < 0) {
        break;
      }
      start = slash + 1;
      number++;
    }
    return new PathTemplate(template, List.copyOf(segments), List.copyOf(names));
  }

  private static void addName(
      String template, String name, int number, Set<String> seen, List<String> names) {
    if (!seen.add(name)) {
      throw new InvalidPathTemplateException(
          template, "duplicate parameter name \"" + name + "\" in segment " + number);
    }
    names.add(name);
  }

  private static Segment parseSegment(String template, String text, int number, boolean last) {
    if (text.isEmpty()) {
      throw new InvalidPathTemplateException(
          template,
          last
              ? "empty segment " + number + " (a trailing \"/\" is not allowed)"
              : "empty segment " + number);
    }
    int open = text.indexOf('{');
    int close = text.indexOf('}');
    if (open < 0 && close < 0) {
      return literal(template, text, number);
    }
    if (open < 0 || (close >= 0 && close < open)) {
      throw new InvalidPathTemplateException(template, "unexpected \"}\" in segment " + number);
    }
    if (close < 0) {
      throw new InvalidPathTemplateException(template, "unclosed \"{\" in segment " + number);
    }
    if (text.charAt(0) != '{' || text.charAt(text.length() - 1) != '}') {
      throw new InvalidPathTemplateException(
          template,
          "segment "
              + number
              + " \""
              + text
              + "\" mixes literal text and a parameter; a segment is either literal or exactly"
              + " one {name}");
    }
    String inner = text.substring(1, text.length() - 1);
    if (inner.indexOf('{') >= 0 || inner.indexOf('}') >= 0) {
      throw new InvalidPathTemplateException(
          template, "nested or repeated braces in segment " + number);
    }
    boolean catchAll = inner.endsWith("...");
    String name = catchAll ? inner.substring(0, inner.length() - 3) : inner;
    if (name.isEmpty()) {
      throw new InvalidPathTemplateException(template, "empty parameter name in segment " + number);
    }
    if (!isValidName(name)) {
      throw new InvalidPathTemplateException(
          template,
          "invalid parameter name \""
              + name
              + "\" in segment "
              + number
              + " (must match [A-Za-z_][A-Za-z0-9_]*)");
    }
    return catchAll ? new Segment.CatchAll(name) : new Segment.Param(name);
  }

  private static Segment literal(String template, String text, int number) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isLiteralChar(c)) {
        throw new InvalidPathTemplateException(
            template, "invalid character " + describe(c) + " in segment " + number);
      }
    }
    if (text.equals(".") || text.equals("..")) {
      throw new InvalidPathTemplateException(
          template, "segment " + number + " is the dot segment \"" + text + "\"");
    }
    return new Segment.Literal(text);
  }

  private static String describe(char c) {
    if (c >= 0x21 && c < 0x7f) {
      return "'" + c + "'";
    }
    return String.format("U+%04X", (int) c);
  }

  static boolean isLiteralChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return switch (c) {
      case '-', '.', '_', '~', '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@' ->
          true;
      default -> false;
    };
  }

  private static boolean isValidName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (!(letter || (i > 0 && digit))) {
        return false;
      }
    }
    return true;
  }

  private static String shapeOf(List<Segment> segments) {
    if (segments.isEmpty()) {
      return "/";
    }
    StringBuilder sb = new StringBuilder();
    for (Segment segment : segments) {
      sb.append('/');
      switch (segment) {
        case Segment.Literal l -> sb.append(l.text());
        case Segment.Param p -> sb.append("{}");
        case Segment.CatchAll c -> sb.append("{...}");
      }
    }
    return sb.toString();
  }

  /** The template text as given to {@link #parse(String)}. */
  public String template() {
    return template;
  }

  /** The parameter names in order of appearance, including a trailing catch-all's name. */
  public List<String> parameterNames() {
    return parameterNames;
  }

  /**
   * The template with parameter names erased, for example {@code /users/{}} or {@code
   * /files/{...}}. Two routes with the same method and shape would match the same requests.
   */
  public String shape() {
    return shape;
  }

  /** The parsed segments; empty for the root template {@code /}. */
  List<Segment> segments() {
    return segments;
  }

  /** Whether the last segment is a catch-all. */
  boolean hasCatchAll() {
    return !segments.isEmpty() && segments.get(segments.size() - 1) instanceof Segment.CatchAll;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathTemplate other && template.equals(other.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  /** Returns the template text. */
  @Override
  public String toString() {
    return template;
  }
}
