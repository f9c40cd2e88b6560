package dev.sluice.spec;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code jdbc:postgresql://host[:port]/database?name=value&...} URL as the pipelined driver reads
 * it: one host, and only the parameters it has an option for ({@link #PIPELINED_PARAMETERS}); the
 * JDBC driver reads the URL itself.
 *
 * @param host the host (default {@code localhost})
 * @param port the port (default 5432)
 * @param database the database (default: the user's name, as PostgreSQL does)
 * @param parameters the query parameters, decoded, names as written
 */
public record PostgresUrl(String host, int port, String database, Map<String, String> parameters) {

  /**
   * The URL parameters the pipelined driver maps to its options: the credentials, TLS ({@code
   * sslmode} disable, allow, prefer, require), the session's {@code options} ({@code -c name=value}
   * pairs, startup parameters), {@code ApplicationName}, {@code currentSchema} (the {@code
   * search_path}) and {@code connectTimeout} (seconds). Any other is a config error on that driver.
   */
  public static final Set<String> PIPELINED_PARAMETERS =
      Set.of(
          "user",
          "password",
          "sslmode",
          "options",
          "applicationname",
          "currentschema",
          "connecttimeout");

  /** The SSL modes the pipelined driver has (certificate checks need driver: jdbc). */
  public static final Set<String> PIPELINED_SSL_MODES =
      Set.of("disable", "allow", "prefer", "require");

  public PostgresUrl {
    parameters = Map.copyOf(parameters);
  }

  /** Parses the URL; empty when it is not one host's {@code jdbc:postgresql://} URL. */
  public static Optional<PostgresUrl> parse(String url) {
    String prefix = "jdbc:postgresql://";
    if (!url.startsWith(prefix)) {
      return Optional.empty();
    }
    String rest = url.substring(prefix.length());
    int q = rest.indexOf('?');
    String query = q < 0 ? "" : rest.substring(q + 1);
    String path = q < 0 ? rest : rest.substring(0, q);
    int slash = path.indexOf('/');
    String authority = slash < 0 ? path : path.substring(0, slash);
    String database = slash < 0 ? "" : decode(path.substring(slash + 1));
    if (authority.contains(",")) {
      return Optional.empty(); // several hosts: failover is pgjdbc's
    }
    String host = authority;
    int port = 5432;
    int colon = authority.lastIndexOf(':');
    if (colon >= 0 && !authority.endsWith("]")) {
      host = authority.substring(0, colon);
      try {
        port = Integer.parseInt(authority.substring(colon + 1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      if (port < 1 || port > 65535) {
        return Optional.empty();
      }
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Map<String, String> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String pair : query.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        params.put(
            decode(eq < 0 ? pair : pair.substring(0, eq)),
            eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return Optional.of(
        new PostgresUrl(host.isEmpty() ? "localhost" : host, port, database, params));
  }

  /** A parameter by its name in any case (pgjdbc's names are case-sensitive; these are not). */
  public Optional<String> parameter(String name) {
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** Whether the pipelined driver has an option for a parameter of this name. */
  public static boolean pipelinedKnows(String parameter) {
    return PIPELINED_PARAMETERS.contains(parameter.toLowerCase(Locale.ROOT));
  }

  /**
   * The startup parameters in an {@code options} value: {@code -c name=value} and {@code
   * -cname=value} pairs (pgjdbc's form); empty when it holds anything else.
   */
  public static Optional<Map<String, String>> startupOptions(String options) {
    Map<String, String> out = new LinkedHashMap<>();
    String[] words = options.trim().isEmpty() ? new String[0] : options.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      String pair;
      if (words[i].equals("-c") && i + 1 < words.length) {
        pair = words[++i];
      } else if (words[i].startsWith("-c") && words[i].length() > 2) {
        pair = words[i].substring(2);
      } else if (words[i].startsWith("--") && words[i].contains("=")) {
        pair = words[i].substring(2);
      } else {
        return Optional.empty();
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        return Optional.empty();
      }
      out.put(pair.substring(0, eq).replace('-', '_'), pair.substring(eq + 1));
    }
    return Optional.of(out);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
