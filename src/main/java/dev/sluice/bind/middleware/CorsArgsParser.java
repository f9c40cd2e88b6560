package dev.sluice.bind.middleware;

import dev.sluice.spec.CorsArgs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code - cors: {origins: [...], methods, headers, expose, credentials, max-age}}: origins are
 * required and checked by {@link CorsOriginsParser}; {@code "*"} in {@code expose} cannot go with
 * credentials; every method and header name is an HTTP token.
 */
final class CorsArgsParser {
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private CorsArgsParser() {}

  static Optional<CorsArgs> parse(Args a) {
    boolean credentials = a.get("credentials").asBoolean(CorsArgs.DEFAULT_CREDENTIALS);
    if (a.get("origins").isEmpty()) {
      a.error("origins is required, e.g. origins: [\"https://app.example.com\"]", a.at("origins"));
    }
    CorsArgs.Origins origins = CorsOriginsParser.parse(a, credentials);
    List<String> methodList = a.texts("methods");
    List<String> headerList = a.texts("headers");
    List<String> exposeList = a.texts("expose");
    tokens(a, "methods", methodList);
    tokens(a, "headers", headerList);
    tokens(a, "expose", exposeList);
    List<String> methods =
        methodList.contains("*") ? List.of() : new ArrayList<>(new LinkedHashSet<>(methodList));
    boolean anyHeader = headerList.contains("*");
    List<String> headers = anyHeader ? List.of() : headerList;
    if (exposeList.contains("*") && credentials) {
      a.error(
          "expose: \"*\" means the header named \"*\" to browsers when credentials is true;"
              + " list the headers",
          "expose",
          exposeList.indexOf("*"));
    }
    List<String> expose = exposeList.contains("*") ? List.of("*") : exposeList;
    Duration maxAge = a.duration(a.get("max-age"), Duration.ZERO, "max-age");
    Optional<Duration> cached = a.given("max-age") ? Optional.of(maxAge) : Optional.empty();
    return a.result(
        () -> new CorsArgs(origins, credentials, methods, headers, anyHeader, expose, cached));
  }

  private static void tokens(Args a, String key, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      if (!TOKEN.matcher(names.get(i)).matches()) {
        a.error("\"" + names.get(i) + "\" is not an HTTP token", key, i);
      }
    }
  }
}
