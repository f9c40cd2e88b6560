package dev.sluice.log;

/**
 * Takes credentials out of every URL in a text before it becomes a message: the user-info of {@code
 * scheme://user:password@host} and the value of a {@code password}, {@code secret} or {@code token}
 * query parameter (pgjdbc reads {@code ?password=}) become {@code ***}.
 *
 * <pre>
 * strip("cannot parse redis://:S3cr3tPw@redis host:6379")  // "cannot parse redis://***@redis host:6379"
 * strip("jdbc:postgresql://db/app?user=u&amp;password=pw")     // "jdbc:postgresql://db/app?user=u&amp;password=***"
 * </pre>
 *
 * <p>A URL runs from {@code ://} to white space, a quote or a bracket; its user-info is what comes
 * before the last {@code @} of its authority (up to the first {@code /}, {@code ?} or {@code #}),
 * as RFC 3986 writes it. Config errors ({@code ConfigError}), CLI errors and every log line (both
 * formats, and records exported over OTLP) pass through it. A text without {@code ://} is returned
 * as it is, after one scan.
 */
public final class UrlCredentials {
  private static final String MASK = "***";
  private static final String[] SECRET_PARAMETERS = {"password", "secret", "token"};

  private UrlCredentials() {}

  /** {@code text} with the credentials of every URL in it replaced by {@code ***}. */
  public static String strip(String text) {
    int at = text.indexOf("://");
    if (at < 0) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    int copied = 0;
    while (at >= 0) {
      int start = at + 3;
      int end = urlEnd(text, start);
      int authorityEnd = start;
      while (authorityEnd < end && "/?#".indexOf(text.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      int userInfoEnd = text.lastIndexOf('@', authorityEnd - 1);
      b.append(text, copied, start);
      copied = start;
      if (userInfoEnd >= start) {
        b.append(MASK);
        copied = userInfoEnd;
      }
      copied = maskParameters(text, copied, end, b);
      at = text.indexOf("://", end);
    }
    return b.append(text, copied, text.length()).toString();
  }

  /** Where the URL starting at {@code from} ends: at white space, a quote or a bracket. */
  private static int urlEnd(String text, int from) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ')' || c == ']') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Copies {@code text[from, end)} with secret query parameters' values masked. */
  private static int maskParameters(String text, int from, int end, StringBuilder b) {
    int query = text.indexOf('?', from);
    if (query < 0 || query >= end) {
      b.append(text, from, end);
      return end;
    }
    b.append(text, from, query + 1);
    int i = query + 1;
    while (i < end) {
      int amp = text.indexOf('&', i);
      int next = amp < 0 || amp > end ? end : amp;
      int eq = text.indexOf('=', i);
      if (eq > i && eq < next && secret(text.substring(i, eq))) {
        b.append(text, i, eq + 1).append(MASK);
      } else {
        b.append(text, i, next);
      }
      if (next < end) {
        b.append('&');
      }
      i = next + 1;
    }
    return end;
  }

  private static boolean secret(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    for (String s : SECRET_PARAMETERS) {
      if (n.contains(s)) {
        return true;
      }
    }
    return false;
  }
}
