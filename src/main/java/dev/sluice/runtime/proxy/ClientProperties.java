package dev.sluice.runtime.proxy;

/**
 * The JDK HttpClient's process-wide settings the proxy needs, read once when the client's
 * implementation is first loaded — so {@code Main} applies them at start-up, before anything makes
 * a client, and the upstream client again (for embedders): an idle kept-alive connection closes
 * after 4 s (below Node's 5 s keep-alive, so the upstream never closes one under a request), and
 * {@code Host} may be set, for {@code preserve-host}. An operator's own {@code -D} settings win.
 * They are process-wide: the OpenTelemetry exporters' client gets them too, which is why the
 * client's own retry of a refused connect is left on ({@code jdk.httpclient.disableRetryConnect}
 * changes how a closed collector port fails).
 */
public final class ClientProperties {
  private ClientProperties() {}

  /** Sets each property the operator did not set. */
  public static void apply() {
    setIfAbsent("jdk.httpclient.keepalive.timeout", "4");
    setIfAbsent("jdk.httpclient.allowRestrictedHeaders", "host");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
