package dev.sluice.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code /healthz}: 200 while the process serves. {@code /readyz}: 200 when every critical
 * readiness check passes, else 503; the body lists the checks that are down (those that do not fail
 * readiness too); {@code /readyz?verbose} lists every check. Where the checks are not to be shown
 * (a traffic port reachable from other machines, or one beside a metrics listener of its own)
 * {@code /readyz} answers the same status with {@code {"status":"UP"}} or {@code {"status":"DOWN"}}
 * alone.
 */
final class HealthEndpoints {
  private static final JsonFactory JSON = new JsonFactory();
  private static final byte[] LIVE =
      "{\"status\":\"UP\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

  private HealthEndpoints() {}

  /**
   * @param detailed whether {@code /readyz} lists the checks (the failing ones, or every one with
   *     {@code ?verbose})
   */
  static void register(HttpRouting.Builder routing, Readiness readiness, boolean detailed) {
    routing.route(
        Method.predicate(Method.GET, Method.HEAD),
        io.helidon.http.PathMatchers.exact("/healthz"),
        (req, res) -> send(req, res, Status.OK_200, LIVE));
    routing.route(
        Method.predicate(Method.GET, Method.HEAD),
        io.helidon.http.PathMatchers.exact("/readyz"),
        (req, res) -> {
          List<Readiness.Outcome> outcomes = readiness.run();
          boolean up = outcomes.stream().allMatch(Readiness.Outcome::passes);
          boolean verbose = req.query().contains("verbose");
          send(
              req,
              res,
              up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
              body(
                  up,
                  outcomes,
                  verbose,
                  detailed,
                  verbose && detailed ? readiness.upstreams() : List.of()));
        });
  }

  private static void send(ServerRequest req, ServerResponse res, Status status, byte[] body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    if (Method.HEAD.equals(req.prologue().method())) {
      res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(body.length));
      res.send();
    } else {
      res.send(body);
    }
  }

  private static byte[] body(
      boolean up,
      List<Readiness.Outcome> outcomes,
      boolean verbose,
      boolean detailed,
      List<dev.sluice.runtime.proxy.UpstreamClient> upstreams) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", up ? "UP" : "DOWN");
      if (detailed) {
        checks(g, outcomes, verbose);
      }
      if (!upstreams.isEmpty()) {
        upstreams(g, upstreams);
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Each upstream's targets and their state; informational, never part of {@code status}. */
  private static void upstreams(
      JsonGenerator g, List<dev.sluice.runtime.proxy.UpstreamClient> upstreams) throws IOException {
    g.writeArrayFieldStart("upstreams");
    for (var u : upstreams) {
      g.writeStartObject();
      g.writeStringField("name", u.spec().name());
      g.writeArrayFieldStart("targets");
      for (var t : u.states()) {
        g.writeStartObject();
        g.writeStringField("address", t.address());
        g.writeStringField("status", t.up() ? "UP" : "DOWN");
        if (!t.healthy()) {
          g.writeStringField("reason", "failing its health checks");
        } else if (t.ejected()) {
          g.writeStringField("reason", "ejected after failing requests in a row");
        }
        g.writeNumberField("active_requests", t.active());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void checks(JsonGenerator g, List<Readiness.Outcome> outcomes, boolean verbose)
      throws IOException {
    g.writeArrayFieldStart("checks");
    for (Readiness.Outcome o : outcomes) {
      if (!verbose && o.up()) {
        continue;
      }
      g.writeStartObject();
      g.writeStringField("name", o.name());
      g.writeStringField("status", o.up() ? "UP" : "DOWN");
      if (!o.reason().isEmpty()) {
        g.writeStringField("reason", o.reason());
      }
      g.writeNumberField("time_ms", o.millis());
      g.writeEndObject();
    }
    g.writeEndArray();
  }
}
