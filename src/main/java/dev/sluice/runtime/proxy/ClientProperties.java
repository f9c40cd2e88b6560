package dev.sluice.runtime.proxy;

import java.security.Security;

/**
 * The JDK HttpClient's process-wide settings the proxy needs, read once when the client's
 * implementation is first loaded — so {@code Main} applies them at start-up, before anything makes
 * a client, and the upstream client again (for embedders): an idle kept-alive connection closes
 * after 4 s (below Node's 5 s keep-alive, so the upstream never closes one under a request), {@code
 * Host} may be set, for {@code preserve-host}, and a DNS answer is cached for 10 s, so a hostname
 * target that moves (a Kubernetes service) is followed. An operator's own settings win. They are
 * process-wide: the OpenTelemetry exporters' client gets them too, which is why the client's own
 * retry of a refused connect is left on ({@code jdk.httpclient.disableRetryConnect} changes how a
 * closed collector port fails).
 */
public final class ClientProperties {
  private ClientProperties() {}

  /**
   * Seconds the JVM keeps a successful DNS answer ({@code networkaddress.cache.ttl}; the JDK's own
   * default is 30): a hostname target's new address is used by new connections within this.
   */
  public static final String DNS_TTL_SECONDS = "10";

  /** Sets each property the operator did not set. */
  public static void apply() {
    setIfAbsent("jdk.httpclient.keepalive.timeout", "4");
    setIfAbsent("jdk.httpclient.allowRestrictedHeaders", "host");
    // a security property, read once when the JVM first resolves a name (Main applies this
    // first); an operator's own (java.security, -Djava.security.properties, or the older
    // -Dsun.net.inetaddr.ttl, which the security property would override) wins
    if (Security.getProperty("networkaddress.cache.ttl") == null
        && System.getProperty("sun.net.inetaddr.ttl") == null) {
      Security.setProperty("networkaddress.cache.ttl", DNS_TTL_SECONDS);
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
