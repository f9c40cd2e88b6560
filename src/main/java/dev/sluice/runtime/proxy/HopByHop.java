package dev.sluice.runtime.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The headers of one hop (RFC 9110 7.6.1), never passed on in either direction: {@code Connection}
 * and every header it names, {@code Keep-Alive}, {@code TE}, {@code Trailer}, {@code
 * Transfer-Encoding}, {@code Upgrade}, {@code Proxy-*}.
 */
final class HopByHop {
  /** The names that are hop-by-hop whatever {@code Connection} names. */
  static final Set<String> ALWAYS =
      Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private HopByHop() {}

  /** The lower-case names not to pass on from {@code headers}. */
  static Set<String> of(Headers headers) {
    if (!headers.contains(HeaderNames.CONNECTION)) {
      return ALWAYS;
    }
    Set<String> out = new HashSet<>(ALWAYS);
    for (String v : headers.get(HeaderNames.CONNECTION).allValues(true)) {
      out.add(v.trim().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /**
   * Whether the header {@code name} (in lower case) is hop-by-hop given the names of {@link #of}.
   */
  static boolean is(String name, Set<String> names) {
    return names.contains(name) || name.startsWith("proxy-");
  }
}
