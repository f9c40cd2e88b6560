package dev.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.WritableHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shortcut for {@code Connection: close} answers as Helidon's {@code containsToken} does. */
class DrainingConnectionsTokenTest {
  @Test
  void agreesWithContainsTokenOnEveryShape() {
    List<List<String>> shapes =
        List.of(
            List.of(),
            List.of("keep-alive"),
            List.of("close"),
            List.of("Close"),
            List.of(" close "),
            List.of("keep-alive, close"),
            List.of("closed"),
            List.of("\"close\""),
            List.of("upgrade"),
            List.of("keep-alive", "close"),
            List.of("keep-alive", "upgrade"));
    for (List<String> values : shapes) {
      WritableHeaders<?> h = WritableHeaders.create();
      if (!values.isEmpty()) {
        h.set(HeaderValues.create(HeaderNames.CONNECTION, values));
      }
      assertEquals(
          h.containsToken(HeaderValues.CONNECTION_CLOSE),
          DrainingConnections.saysClose(h),
          "Connection: " + values);
    }
  }
}
