package dev.sluice.runtime.http;

import dev.sluice.net.Cidr;
import dev.sluice.net.IpAddress;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * Decides the client address of a request — the one {@code ip-filter}, rate limits and access logs
 * use. Built once per runtime from {@code server.trusted-proxies}.
 *
 * <pre>
 * server:
 *   trusted-proxies: [10.0.0.0/8, "fd00::/8"]
 * </pre>
 *
 * <ul>
 *   <li>The client is the socket peer, unless the peer is a trusted proxy. Without trusted proxies
 *       {@code X-Forwarded-For} is never read, so a client cannot choose its own address.
 *   <li>From a trusted peer, the entries of every {@code X-Forwarded-For} header, in order, are
 *       read from the right: the first entry that is not itself a trusted proxy is the client. If
 *       every entry is trusted, the left-most one is (the furthest hop known).
 *   <li>An entry is an IP literal, optionally {@code [v6]}, {@code [v6]:port} or {@code v4:port};
 *       empty entries are skipped. A malformed entry ({@code unknown}, a host name, garbage) stops
 *       the walk: the client is then the last good address read, which is a trusted hop (or the
 *       peer). Only a trusted proxy could have written an entry right of every untrusted one, so a
 *       client cannot use garbage to hide behind the proxy.
 *   <li>The address is written canonically: dotted decimal for IPv4 (also when the peer came
 *       IPv4-mapped over an IPv6 socket), RFC 5952 for IPv6 ({@code ::1}), so one client is one
 *       rate-limit key however it arrived.
 * </ul>
 */
public final class ClientAddresses {
  /** The {@code X-Forwarded-For} header. */
  public static final HeaderName FORWARDED_FOR = HeaderNames.X_FORWARDED_FOR;

  private static final ClientAddresses DIRECT = new ClientAddresses(new Cidr[0]);

  private final Cidr[] trusted;

  private ClientAddresses(Cidr[] trusted) {
    this.trusted = trusted;
  }

  /**
   * A resolver that trusts {@code X-Forwarded-For} from peers in {@code trustedProxies} (parsed
   * when gateway.yaml was bound).
   */
  public static ClientAddresses of(List<Cidr> trustedProxies) {
    return trustedProxies.isEmpty()
        ? DIRECT
        : new ClientAddresses(trustedProxies.toArray(new Cidr[0]));
  }

  /** True when {@code address} is a trusted proxy. */
  public boolean trusts(IpAddress address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }

  /** The client address of {@code request}, in canonical text. */
  public String resolve(ServerRequest request) {
    SocketAddress peer = request.remotePeer().address();
    if (!(peer instanceof InetSocketAddress inet) || inet.getAddress() == null) {
      return String.valueOf(peer); // not an IP socket: nothing to resolve
    }
    IpAddress ip = IpAddress.of(inet.getAddress());
    if (trusted.length == 0 || !trusts(ip)) {
      return ip.toString();
    }
    ServerRequestHeaders headers = request.headers();
    if (!headers.contains(FORWARDED_FOR)) {
      return ip.toString();
    }
    return resolve(ip, headers.get(FORWARDED_FOR).allValues()).toString();
  }

  /**
   * The client of a request from {@code peer} carrying {@code forwardedFor}, the values of its
   * {@code X-Forwarded-For} headers in order (each may hold several comma-separated entries).
   */
  public IpAddress resolve(IpAddress peer, List<String> forwardedFor) {
    if (!trusts(peer)) {
      return peer;
    }
    IpAddress current = peer;
    for (int line = forwardedFor.size() - 1; line >= 0; line--) {
      String value = forwardedFor.get(line);
      int end = value.length();
      while (end >= 0) {
        int comma = value.lastIndexOf(',', end - 1);
        int from = comma + 1;
        int to = end;
        while (from < to && isSpace(value.charAt(from))) {
          from++;
        }
        while (to > from && isSpace(value.charAt(to - 1))) {
          to--;
        }
        if (from < to) {
          IpAddress entry = entry(value, from, to);
          if (entry == null) {
            return current;
          }
          if (!trusts(entry)) {
            return entry;
          }
          current = entry;
        }
        end = comma;
      }
    }
    return current;
  }

  /** One X-Forwarded-For entry: an address, {@code [v6]}, {@code [v6]:port}, or {@code v4:port}. */
  static IpAddress entry(String s, int from, int to) {
    if (s.charAt(from) == '[') {
      int close = s.indexOf(']', from);
      if (close < 0 || close >= to || (close + 1 < to && !isPort(s, close + 1, to))) {
        return null;
      }
      IpAddress ip = IpAddress.parse(s, from + 1, close);
      return ip != null && colons(s, from + 1, close) > 0 ? ip : null;
    }
    if (colons(s, from, to) == 1) { // IPv4 with a port: IPv6 has at least two
      int colon = s.indexOf(':', from);
      long v4 = isPort(s, colon, to) ? IpAddress.parseIpv4(s, from, colon) : -1;
      return v4 < 0 ? null : IpAddress.ipv4(v4);
    }
    return IpAddress.parse(s, from, to);
  }

  private static int colons(String s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        n++;
      }
    }
    return n;
  }

  /** {@code s[from, to)} is {@code :} and a port number, 0–65535. */
  private static boolean isPort(String s, int from, int to) {
    if (s.charAt(from) != ':' || to - from < 2 || to - from > 6) {
      return false;
    }
    int port = 0;
    for (int i = from + 1; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
