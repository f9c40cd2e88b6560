package dev.sluice.bind.middleware;

import dev.sluice.spec.CorsArgs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code origins} of {@code cors}: {@code scheme://host[:port]} without a path, {@code
 * https://*.example.com} for the subdomains of a domain (not of a top-level domain), or {@code "*"}
 * (not with credentials, which browsers refuse); never {@code "null"}.
 */
final class CorsOriginsParser {
  private static final Pattern ORIGIN_SYNTAX =
      Pattern.compile(
          "[a-z][a-z0-9+.-]*://(\\*\\.)?(\\[[0-9a-f:.]+]|[a-z0-9-]+(\\.[a-z0-9-]+)*)(:[0-9]{1,5})?");

  private CorsOriginsParser() {}

  static CorsArgs.Origins parse(Args a, boolean credentials) {
    Set<String> exact = new HashSet<>();
    List<CorsArgs.Subdomains> subdomains = new ArrayList<>();
    boolean any = false;
    List<String> texts = a.texts("origins");
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      String o = text.trim().toLowerCase(Locale.ROOT);
      if (o.equals("*")) {
        if (credentials) {
          a.error(
              "origins: \"*\" cannot be combined with credentials: true (browsers refuse it);"
                  + " list the origins",
              "origins",
              i);
        }
        any = true;
        continue;
      }
      String wrong = wrong(text, o);
      if (!wrong.isEmpty()) {
        a.error(wrong, "origins", i);
        continue;
      }
      int star = o.indexOf('*');
      if (star < 0) {
        exact.add(o);
      } else {
        subdomains.add(new CorsArgs.Subdomains(o.substring(0, star), o.substring(star + 1)));
      }
    }
    return new CorsArgs.Origins(any, exact, subdomains);
  }

  /** What is wrong with the origin {@code text} ({@code o} trimmed, lower case); empty: nothing. */
  private static String wrong(String text, String o) {
    if (o.equals("null")) {
      return "the origin \"null\" cannot be allowed: sandboxed pages and files of any site send it";
    }
    String notAnOrigin = "\"" + text + "\" is not an origin: ";
    String form = "write scheme://host[:port], e.g. https://app.example.com";
    int scheme = o.indexOf("://");
    if (scheme <= 0) {
      return notAnOrigin + form;
    }
    int slash = o.indexOf('/', scheme + 3);
    if (slash >= 0) {
      return notAnOrigin
          + "an origin has no path"
          + (o.endsWith("/") && slash == o.length() - 1 ? " (drop the trailing '/')" : "");
    }
    int star = o.indexOf('*');
    if (star >= 0 && (star != scheme + 3 || !o.startsWith("*.", star))) {
      return notAnOrigin + "'*' stands only for subdomains, as in https://*.example.com";
    }
    if (star >= 0 && o.indexOf('.', star + 2) < 0) {
      return "\""
          + text
          + "\" would admit every site under a top-level domain; name a domain, as in"
          + " https://*.example.com";
    }
    Matcher m = ORIGIN_SYNTAX.matcher(o);
    if (!m.matches()) {
      return notAnOrigin + form;
    }
    if (m.group(4) != null && Integer.parseInt(m.group(4).substring(1)) > 65535) {
      return notAnOrigin + "the port is above 65535";
    }
    return "";
  }
}
