package dev.sluice.bind;

import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.router.PathTemplate;
import dev.sluice.schema.DidYouMean;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.GatewaySpec;
import dev.sluice.spec.Origin;
import dev.sluice.spec.TelemetrySpec;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks across routes and files: duplicate route ids, two routes with one method and path shape,
 * and routes hidden by the metrics endpoint.
 */
final class CrossChecks {
  private CrossChecks() {}

  /**
   * Duplicate ids and two routes with one method and path shape, over every route that has them,
   * bound or not (a route with other errors still takes part, so one run reports everything).
   * Returns the routes found in error (each second and later one), which must not be built.
   */
  static Set<Origin> check(List<RouteKey> routes, List<ConfigError> errors) {
    Set<Origin> offending = new HashSet<>();
    Map<String, RouteKey> ids = new HashMap<>();
    Map<String, RouteKey> shapes = new HashMap<>();
    for (RouteKey r : routes) {
      r.id()
          .ifPresent(
              id -> {
                RouteKey first = ids.putIfAbsent(id, r);
                if (first != null) {
                  offending.add(r.origin());
                  errors.add(
                      r.idOrigin()
                          .error(
                              "duplicate route id \""
                                  + id
                                  + "\" (first defined at "
                                  + where(first)
                                  + ")"));
                }
              });
      if (r.methods().isEmpty() || r.path().isEmpty()) {
        continue;
      }
      PathTemplate path = r.path().get();
      for (String method : r.methods().get()) {
        RouteKey same = shapes.putIfAbsent(method + " " + path.shape(), r);
        if (same != null && !same.equals(r)) { // a method listed twice is no clash
          offending.add(r.origin());
          errors.add(
              r.pathOrigin()
                  .error(
                      method
                          + " "
                          + path.template()
                          + " has the same method and path shape as "
                          + same.id().map(id -> "\"" + id + "\"").orElse("another route")
                          + " ("
                          + String.join(", ", same.methods().get())
                          + " "
                          + same.path().get().template()
                          + " at "
                          + where(same)
                          + ")"));
          break;
        }
      }
    }
    return offending;
  }

  /**
   * The metrics endpoint against the routes: on the traffic port it is served before any route, so
   * a route at or under its path would never be reached; it cannot share that port as a listener of
   * its own; and it shares the traffic port only while that port is on loopback, since it names
   * every route, datasource and policy to whoever reaches it.
   */
  static void metrics(
      GatewaySpec gateway, List<RouteKey> routes, YamlDocument doc, List<ConfigError> errors) {
    TelemetrySpec.Metrics m = gateway.telemetry().metrics();
    if (!m.enabled()) {
      return;
    }
    int serverPort = gateway.server().port();
    if (m.port().isPresent()) {
      if (m.port().get() != 0 && m.port().get() == serverPort) {
        errors.add(
            doc.origin("/telemetry/metrics/port")
                .error(
                    "the metrics port is server.port ("
                        + serverPort
                        + "); give the metrics another port, or leave port out to serve them on"
                        + " server.port at "
                        + m.path()));
      }
      return;
    }
    if (!gateway.server().loopback()) {
      errors.add(
          doc.origin("/server/host")
              .error(
                  "server.host "
                      + gateway.server().host()
                      + " is reachable from other machines, and the metrics ("
                      + m.path()
                      + ") and the detailed readiness checks would be served there to anyone:"
                      + " give them a port of their own (telemetry.metrics.port, which listens on"
                      + " 127.0.0.1 unless telemetry.metrics.host says otherwise), or set"
                      + " telemetry.metrics.enabled: false"));
    }
    for (RouteKey r : routes) {
      if (r.path().isEmpty()) {
        continue;
      }
      String t = r.path().get().template();
      if (t.equals(m.path()) || t.startsWith(m.path() + "/")) {
        errors.add(
            r.pathOrigin()
                .error(
                    t
                        + " is served by the metrics endpoint (telemetry.metrics.path "
                        + m.path()
                        + "), so this route would never be reached; move the route, or give"
                        + " the metrics another path or a port of their own"
                        + " (telemetry.metrics.port)"));
      }
    }
  }

  private static String where(RouteKey r) {
    return r.origin().file() + ":" + r.origin().line() + ":" + r.origin().column();
  }

  /** "unknown stack "pubic" (did you mean "public"?)" or the list of known names. */
  static String unknown(String what, String name, Collection<String> known) {
    return DidYouMean.suggest(name, known)
        .map(s -> "unknown " + what + " \"" + name + "\" (did you mean \"" + s + "\"?)")
        .orElseGet(
            () ->
                "unknown "
                    + what
                    + " \""
                    + name
                    + "\""
                    + (known.isEmpty()
                        ? ""
                        : "; known: " + String.join(", ", known.stream().sorted().toList())));
  }
}
