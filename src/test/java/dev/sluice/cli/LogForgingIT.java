package dev.sluice.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;

import dev.sluice.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: with {@code logging.format: text}, a CR/LF that a client puts in a value which reaches
 * a log line (here the database's message, quoting the input) must not forge a line of its own.
 */
class LogForgingIT {
  private static final String CONFIG = "src/test/resources/configs/logging/text/gateway.yaml";
  private static final String FORGED =
      "2026-11-26T01:02:03Z INFO  sluice.access request status=200";

  @Test
  void aForgedLineInARequestStaysInsideTheLineThatQuotesIt() throws Exception {
    String db = TestDatabase.requireAdminUrl();
    int port = SluiceProcess.freePort();
    try (SluiceProcess p =
        SluiceProcess.start(
            Map.of("SLUICE_PORT", String.valueOf(port), "SLUICE_DB_URL", db),
            "serve",
            "-c",
            CONFIG)) {
      p.awaitReady(port);
      String body = "{\"v\":\"1\\r\\n" + FORGED + "\"}";
      HttpResponse<String> res =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/number"))
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(10))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(res.body(), res.statusCode(), is(400));
      p.process.destroy();
      assertThat(p.waitForExit(Duration.ofSeconds(15)), is(0));
      String log = p.out();
      assertThat(log, containsString("statement failed"));
      assertThat(log, containsString("\\r\\n" + FORGED));
      List<String> forged = log.lines().filter(l -> l.startsWith(FORGED)).toList();
      assertThat(log, forged, is(empty()));
      assertThat(log, log.contains("\r"), is(false));
    }
  }
}
