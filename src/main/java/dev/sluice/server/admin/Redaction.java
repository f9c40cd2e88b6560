package dev.sluice.server.admin;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the admin API never shows: values of keys that hold secrets, the user-info of URLs, and
 * password parameters of JDBC URLs.
 */
final class Redaction {
  static final String REDACTED = "<redacted>";

  /** Key names (kebab-case, or their last word) whose values are secrets. */
  private static final Set<String> SECRET_KEYS =
      Set.of("password", "secret", "sha256", "token", "api-key", "keys", "private-key");

  private static final Pattern USER_INFO = Pattern.compile("(?i)^([a-z][a-z0-9+.-]*://)[^/@?#]*@");
  private static final Pattern JDBC_USER_INFO =
      Pattern.compile("(?i)^(jdbc:[a-z0-9]+:(?:[a-z0-9+.-]+:)*//)[^/@?#]*@");
  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("(?i)([?&;](?:ssl)?password=)[^&;]*");

  private Redaction() {}

  /** Whether values under {@code key} are secrets. */
  static boolean secretKey(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (SECRET_KEYS.contains(k)) {
      return true;
    }
    int dash = k.lastIndexOf('-');
    return dash >= 0 && SECRET_KEYS.contains(k.substring(dash + 1));
  }

  /**
   * {@code text} with any URL user-info ({@code redis://:pw@host}, {@code
   * jdbc:postgresql://u:pw@host}) and JDBC {@code password=} / {@code sslpassword=} parameters
   * replaced.
   */
  static String text(String text) {
    String t = USER_INFO.matcher(text).replaceFirst("$1" + REDACTED + "@");
    t = JDBC_USER_INFO.matcher(t).replaceFirst("$1" + REDACTED + "@");
    return PASSWORD_PARAMETER.matcher(t).replaceAll("$1" + REDACTED);
  }
}
