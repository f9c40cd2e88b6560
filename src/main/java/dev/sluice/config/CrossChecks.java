package dev.sluice.config;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks that cross files: duplicate route ids, and two routes with one method and path shape. */
final class CrossChecks {
  private CrossChecks() {}

  static void check(List<RouteSpec> routes, List<ConfigError> errors) {
    Map<String, RouteSpec> ids = new HashMap<>();
    Map<String, RouteSpec> shapes = new HashMap<>();
    for (RouteSpec r : routes) {
      RouteSpec first = ids.putIfAbsent(r.id(), r);
      if (first != null) {
        errors.add(
            r.idOrigin()
                .error(
                    "duplicate route id \""
                        + r.id()
                        + "\" (first defined at "
                        + where(first)
                        + ")"));
      }
      String shape = r.method() + " " + r.path().shape();
      RouteSpec same = shapes.putIfAbsent(shape, r);
      if (same != null) {
        errors.add(
            r.pathOrigin()
                .error(
                    r.method()
                        + " "
                        + r.path().template()
                        + " is already routed by \""
                        + same.id()
                        + "\" ("
                        + same.method()
                        + " "
                        + same.path().template()
                        + " at "
                        + where(same)
                        + ")"));
      }
    }
  }

  /**
   * The metrics endpoint against the routes: on the traffic port it is served before any route, so
   * a route at or under its path would never be reached; and it cannot share that port as a
   * listener of its own.
   */
  static void metrics(
      GatewaySpec gateway, List<RouteSpec> routes, YamlDocument doc, List<ConfigError> errors) {
    TelemetrySpec.Metrics m = gateway.telemetry().metrics();
    if (!m.enabled()) {
      return;
    }
    int serverPort = gateway.server().port();
    if (m.port().isPresent()) {
      if (m.port().get() != 0 && m.port().get() == serverPort) {
        errors.add(
            Origin.of(doc, "/telemetry/metrics/port")
                .error(
                    "the metrics port is server.port ("
                        + serverPort
                        + "); give the metrics another port, or leave port out to serve them on"
                        + " server.port at "
                        + m.path()));
      }
      return;
    }
    for (RouteSpec r : routes) {
      String t = r.path().template();
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

  private static String where(RouteSpec r) {
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
