package dev.sluice.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An IP address as the two 64-bit halves of its 128-bit IPv6 form. An IPv4 address is held as its
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), so {@code 1.2.3.4} and {@code ::ffff:1.2.3.4}
 * are the same address and both match IPv4 {@link Cidr}s.
 *
 * <p>Parsing reads IP literals only — never a host name, so nothing is ever looked up in DNS — and
 * is strict: IPv4 is four decimal parts of 0–255 without leading zeros ({@code 010.0.0.1} is
 * refused, since some parsers read it as octal); IPv6 is RFC 4291 text (one {@code ::} at most, 1–4
 * hex digits per group, an optional dotted IPv4 tail) without a zone id ({@code %eth0}).
 *
 * <p>Addresses as config files write them (in CIDRs):
 *
 * <pre>
 * server: {trusted-proxies: [10.0.0.1, "fd00::/8"]}
 * - ip-filter: {allow: ["::ffff:10.0.0.0/104"]}   # the same network as 10.0.0.0/8
 * </pre>
 *
 * <pre>
 * IpAddress.parse("2001:db8::1")      // Optional[2001:db8::1]
 * IpAddress.parse("::ffff:10.0.0.1")  // Optional[10.0.0.1]
 * IpAddress.parse("localhost")        // Optional.empty
 * </pre>
 *
 * @param high the upper 64 bits
 * @param low the lower 64 bits
 */
public record IpAddress(long high, long low) {
  /** The upper half of the low 64 bits of an IPv4-mapped address: {@code 0000:ffff}. */
  private static final long MAPPED_PREFIX = 0xFFFFL << 32;

  private static final int MAX_TEXT = 45; // ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255

  /** The IPv4 address {@code a.b.c.d} written as the 32-bit number {@code bits}. */
  public static IpAddress ipv4(long bits) {
    return new IpAddress(0L, MAPPED_PREFIX | (bits & 0xFFFF_FFFFL));
  }

  /** Parses an IP literal; empty when {@code text} is not one. */
  public static Optional<IpAddress> parse(String text) {
    return Optional.ofNullable(parse(text, 0, text.length()));
  }

  /** The address of a socket peer (already a literal address: nothing is looked up). */
  public static IpAddress of(InetAddress address) {
    byte[] b = address.getAddress();
    if (address instanceof Inet4Address) {
      return ipv4(
          ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL));
    }
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (b[i] & 0xFFL);
      lo = (lo << 8) | (b[i + 8] & 0xFFL);
    }
    return new IpAddress(hi, lo);
  }

  /**
   * The network of this address with a prefix of {@code bits} (0 to 128) of its 128: the bits after
   * the prefix cleared. {@code 2001:db8:1:2:aaaa::1} with 64 is {@code 2001:db8:1:2::}.
   */
  public IpAddress prefix(int bits) {
    return new IpAddress(high & mask(bits), low & mask(bits - 64));
  }

  /** A 64-bit mask of {@code bits} leading ones (none at 0 or below, all at 64 or above). */
  static long mask(int bits) {
    if (bits <= 0) {
      return 0L;
    }
    return bits >= 64 ? -1L : -1L << (64 - bits);
  }

  /** True for 127.0.0.0/8 (also IPv4-mapped) and {@code ::1}. */
  public boolean isLoopback() {
    return isIpv4() ? ((low >>> 24) & 0xFF) == 127 : high == 0 && low == 1;
  }

  /**
   * True when a listener bound to {@code host} is reachable from this machine only: {@code
   * localhost} or a loopback literal ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}). Any other
   * name is not looked up and counts as reachable from elsewhere, as do {@code 0.0.0.0} and {@code
   * ::}.
   */
  public static boolean isLoopbackHost(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equalsIgnoreCase("localhost") || parse(h).map(IpAddress::isLoopback).orElse(false);
  }

  /** True for an IPv4 address (including one written IPv4-mapped). */
  public boolean isIpv4() {
    return high == 0 && (low & 0xFFFF_FFFF_0000_0000L) == MAPPED_PREFIX;
  }

  /**
   * The canonical text: dotted decimal for IPv4 (also when it came IPv4-mapped), RFC 5952 for IPv6
   * (lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}).
   */
  @Override
  public String toString() {
    if (isIpv4()) {
      return ((low >>> 24) & 0xFF)
          + "."
          + ((low >>> 16) & 0xFF)
          + "."
          + ((low >>> 8) & 0xFF)
          + "."
          + (low & 0xFF);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not compressed (RFC 5952 4.2.2)
    for (int i = 0; i < 8; ) {
      if (group(i) != 0) {
        i++;
        continue;
      }
      int start = i;
      while (i < 8 && group(i) == 0) {
        i++;
      }
      if (i - start > bestLength) {
        bestStart = start;
        bestLength = i - start;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLength - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group(i)));
    }
    return sb.toString();
  }

  private int group(int i) {
    long half = i < 4 ? high : low;
    return (int) ((half >>> (48 - 16 * (i & 3))) & 0xFFFF);
  }

  /**
   * Parses the IP literal in {@code s[from, to)}; null when it is not one. Package-private, for
   * callers that scan headers without cutting substrings.
   */
  public static IpAddress parse(CharSequence s, int from, int to) {
    int length = to - from;
    if (length < 2 || length > MAX_TEXT) {
      return null; // the shortest literal is "::"; "1" is no address either
    }
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == ':') {
        return parseIpv6(s, from, to);
      }
    }
    long v4 = parseIpv4(s, from, to);
    return v4 < 0 ? null : ipv4(v4);
  }

  /** Dotted-quad IPv4 in {@code s[from, to)} as a 32-bit number, or -1. */
  public static long parseIpv4(CharSequence s, int from, int to) {
    long acc = 0;
    int parts = 0;
    int i = from;
    while (true) {
      int start = i;
      int v = 0;
      while (i < to && isDigit(s.charAt(i))) {
        if (i - start == 3) {
          return -1;
        }
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || v > 255 || (i - start > 1 && s.charAt(start) == '0')) {
        return -1;
      }
      acc = (acc << 8) | v;
      parts++;
      if (i == to) {
        return parts == 4 ? acc : -1;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return -1;
      }
      i++;
    }
  }

  private static IpAddress parseIpv6(CharSequence s, int from, int to) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1; // the group index where "::" stands
    int i = from;
    if (s.charAt(i) == ':') {
      if (s.charAt(i + 1) != ':') {
        return null;
      }
      gap = 0;
      i += 2;
    }
    while (i < to) {
      int start = i;
      int v = 0;
      int digit;
      while (i < to && i - start < 4 && (digit = hex(s.charAt(i))) >= 0) {
        v = (v << 4) | digit;
        i++;
      }
      if (i < to && s.charAt(i) == '.') {
        long v4 = parseIpv4(s, start, to);
        if (v4 < 0 || n > 6) {
          return null;
        }
        groups[n++] = (int) (v4 >>> 16);
        groups[n++] = (int) (v4 & 0xFFFF);
        break;
      }
      if (i == start || n == 8) {
        return null;
      }
      groups[n++] = v;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != ':' || ++i == to) {
        return null; // a bad character, a fifth hex digit, or a trailing single ':'
      }
      if (s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = n;
        i++;
      }
    }
    if (gap >= 0) {
      if (n > 7) {
        return null;
      }
      int tail = n - gap;
      System.arraycopy(groups, gap, groups, 8 - tail, tail);
      java.util.Arrays.fill(groups, gap, 8 - tail, 0);
    } else if (n != 8) {
      return null;
    }
    long hi = 0;
    long lo = 0;
    for (int g = 0; g < 4; g++) {
      hi = (hi << 16) | groups[g];
      lo = (lo << 16) | groups[g + 4];
    }
    return new IpAddress(hi, lo);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
