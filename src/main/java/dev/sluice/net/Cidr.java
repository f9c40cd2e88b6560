package dev.sluice.net;

/**
 * An IPv4 or IPv6 network: an address and a prefix length, as in {@code 10.0.0.0/8}, {@code
 * 2001:db8::/32} or {@code ::1/128}. A bare address is a network of one ({@code /32} or {@code
 * /128}). An IPv4 network also matches the same addresses written IPv4-mapped ({@code
 * ::ffff:10.1.2.3}), since {@link IpAddress} holds IPv4 that way; for the same reason an IPv6
 * network that covers {@code ::ffff:0:0/96} (such as {@code ::/0}) matches IPv4 addresses too.
 *
 * <p>Masks are computed once, so {@link #contains(IpAddress)} is four ANDs and two compares.
 *
 * <pre>
 * server:
 *   trusted-proxies: [10.0.0.0/8, "fd00::/8", 192.168.1.10]
 * </pre>
 */
public final class Cidr {
  private final long networkHigh;
  private final long networkLow;
  private final long maskHigh;
  private final long maskLow;
  private final boolean ipv4;
  private final int prefixLength;

  private Cidr(IpAddress network, boolean ipv4, int prefixLength) {
    int bits = ipv4 ? 96 + prefixLength : prefixLength;
    this.maskHigh = IpAddress.mask(bits);
    this.maskLow = IpAddress.mask(bits - 64);
    this.networkHigh = network.high() & maskHigh;
    this.networkLow = network.low() & maskLow;
    this.ipv4 = ipv4;
    this.prefixLength = prefixLength;
  }

  /**
   * Parses {@code 10.0.0.0/8}, {@code 2001:db8::/32}, {@code 10.1.2.3} or {@code ::1}.
   *
   * @throws IllegalArgumentException with a message for the operator when {@code text} is not a
   *     CIDR: a host name (never resolved), a malformed address, a prefix length out of range, or
   *     an address with bits set beyond the prefix ({@code 10.1.0.0/8})
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String address = slash < 0 ? text : text.substring(0, slash);
    if (address.isEmpty()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a CIDR: an address is missing (e.g. 10.0.0.0/8 or ::1/128)");
    }
    if (address.indexOf('%') >= 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not a CIDR: zone ids (%eth0) are not supported");
    }
    IpAddress ip = IpAddress.parse(address, 0, address.length());
    if (ip == null) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a CIDR: \""
              + address
              + "\" is not an IP address (write 10.0.0.0/8, 192.168.1.10, 2001:db8::/32 or"
              + " ::1/128; host names are not looked up)");
    }
    boolean ipv4 = address.indexOf(':') < 0;
    int max = ipv4 ? 32 : 128;
    int prefix = slash < 0 ? max : prefixLength(text, text.substring(slash + 1), max);
    Cidr cidr = new Cidr(ip, ipv4, prefix);
    if (cidr.networkHigh != ip.high() || cidr.networkLow != ip.low()) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" has host bits set beyond the /"
              + prefix
              + " prefix; did you mean "
              + cidr
              + "?");
    }
    return cidr;
  }

  private static int prefixLength(String text, String digits, int max) {
    boolean ok = !digits.isEmpty() && digits.length() <= 3;
    for (int i = 0; ok && i < digits.length(); i++) {
      ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
    }
    int n = ok ? Integer.parseInt(digits) : -1;
    if (n < 0 || n > max) {
      throw new IllegalArgumentException(
          "\""
              + text
              + "\" is not a CIDR: the prefix length after '/' is a number from 0 to "
              + max
              + (max == 32 ? " for IPv4" : " for IPv6"));
    }
    return n;
  }

  /** True when {@code address} is in this network. */
  public boolean contains(IpAddress address) {
    return (address.high() & maskHigh) == networkHigh && (address.low() & maskLow) == networkLow;
  }

  /** The prefix length as written: 0–32 for an IPv4 network, 0–128 for IPv6. */
  public int prefixLength() {
    return prefixLength;
  }

  /** True for a network written in IPv4 form. */
  public boolean isIpv4() {
    return ipv4;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && c.networkHigh == networkHigh
        && c.networkLow == networkLow
        && c.maskHigh == maskHigh
        && c.maskLow == maskLow;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(((networkHigh * 31 + networkLow) * 31 + maskHigh) * 31 + maskLow);
  }

  /** The canonical form, {@code 10.0.0.0/8} or {@code 2001:db8::/32}. */
  @Override
  public String toString() {
    IpAddress network = new IpAddress(networkHigh, networkLow);
    String address = ipv4 || !network.isIpv4() ? network.toString() : "::ffff:" + network;
    return address + "/" + prefixLength;
  }
}
