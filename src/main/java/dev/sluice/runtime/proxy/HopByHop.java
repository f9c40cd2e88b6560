package dev.sluice.runtime.proxy;

import io.helidon.http.Header;
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
  private static final Set<String> ALWAYS =
      Set.of("connection", "keep-alive", "te", "trailer", "transfer-encoding", "upgrade");

  private HopByHop() {}

  /** The lower-case names not to pass on from {@code headers}. */
  static Set<String> of(Headers headers) {
    Set<String> out = new HashSet<>(ALWAYS);
    if (headers.contains(HeaderNames.CONNECTION)) {
      for (String v : headers.get(HeaderNames.CONNECTION).allValues(true)) {
        out.add(v.trim().toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  /** Whether {@code h} is a hop-by-hop header given the names of {@link #of}. */
  static boolean is(Header h, Set<String> names) {
    String name = h.name().toLowerCase(Locale.ROOT);
    return names.contains(name) || name.startsWith("proxy-");
  }
}
