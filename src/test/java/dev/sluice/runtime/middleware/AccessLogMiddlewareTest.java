package dev.sluice.runtime.middleware;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import dev.sluice.log.Fields;
import dev.sluice.testing.RunningGateway;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access-log line names the route that ran, and has no route field when none did. */
class AccessLogMiddlewareTest {
  private static final Logger ACCESS = Logger.getLogger("sluice.access");

  @TempDir Path dir;

  @Test
  void theRouteFieldIsTheRouteThatRanAndAbsentWhenNoneDid() throws Exception {
    Files.writeString(
        dir.resolve("gateway.yaml"),
        """
        server:
          host: 127.0.0.1
          port: ${SLUICE_PORT}
          unmatched-stack: edge
        route-files: [routes.yaml]
        stacks:
          public: [access-log]
          edge: [access-log]
        """);
    Files.writeString(
        dir.resolve("routes.yaml"),
        """
        routes:
          - id: get-thing
            method: GET
            path: /things/{id}
            stack: public
            params: {id: {in: path}}
            static: {body: thing}
        """);
    BlockingQueue<Map<String, Object>> lines = new LinkedBlockingQueue<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getParameters() != null && r.getParameters()[0] instanceof Fields f) {
              lines.add(f.values());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    ACCESS.addHandler(capture);
    try (RunningGateway gw = RunningGateway.start(dir.resolve("gateway.yaml"), Map.of())) {
      assertThat(gw.get("/things/1").statusCode(), is(200));
      assertThat(next(lines).get("route"), is("get-thing"));

      // issue 15: a 405 line had "route":""
      HttpRequest.Builder post =
          HttpRequest.newBuilder(gw.uri("/things/1")).POST(HttpRequest.BodyPublishers.noBody());
      assertThat(gw.send(post).statusCode(), is(405));
      Map<String, Object> notAllowed = next(lines);
      assertThat(notAllowed.get("status"), is(405));
      assertThat(notAllowed, not(hasKey("route")));
      assertThat(notAllowed.get("path"), is("/things/1"));

      assertThat(gw.get("/nothing").statusCode(), is(404));
      assertThat(next(lines), not(hasKey("route")));
    } finally {
      ACCESS.removeHandler(capture);
    }
  }

  private static Map<String, Object> next(BlockingQueue<Map<String, Object>> lines)
      throws InterruptedException {
    Map<String, Object> line = lines.poll(10, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no access-log line within 10 s");
    }
    return line;
  }
}
