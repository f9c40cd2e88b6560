package dev.sluice.runtime.proxy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.security.Security;
import org.junit.jupiter.api.Test;

/**
 * The process-wide settings the proxy's client needs are in place after {@link
 * ClientProperties#apply()} (the test JVM sets none of its own): idle connections closed after 4 s,
 * {@code Host} settable, DNS answers cached 10 s.
 */
class ClientPropertiesTest {
  @Test
  void theClientSettingsAndTheDnsCacheTtlAreApplied() {
    ClientProperties.apply();
    assertThat(System.getProperty("jdk.httpclient.keepalive.timeout"), is("4"));
    assertThat(System.getProperty("jdk.httpclient.allowRestrictedHeaders"), is("host"));
    assertThat(Security.getProperty("networkaddress.cache.ttl"), is("10"));
  }

  @Test
  void anOperatorsOwnValueIsKept() {
    String before = System.getProperty("jdk.httpclient.keepalive.timeout");
    System.setProperty("jdk.httpclient.keepalive.timeout", "2");
    try {
      ClientProperties.apply();
      assertThat(System.getProperty("jdk.httpclient.keepalive.timeout"), is("2"));
    } finally {
      System.setProperty("jdk.httpclient.keepalive.timeout", before == null ? "4" : before);
    }
    Security.setProperty("networkaddress.cache.ttl", "3");
    try {
      ClientProperties.apply();
      assertThat(Security.getProperty("networkaddress.cache.ttl"), is("3"));
    } finally {
      Security.setProperty("networkaddress.cache.ttl", ClientProperties.DNS_TTL_SECONDS);
    }
  }
}
