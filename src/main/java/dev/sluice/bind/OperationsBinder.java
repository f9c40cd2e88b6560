package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ReloadSpec;
import dev.sluice.spec.StackSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Binds the operations sections of gateway.yaml: {@code reload:} and {@code admin:}. */
final class OperationsBinder {
  private OperationsBinder() {}

  static ReloadSpec reload(JsonNode r) {
    ReloadSpec d = ReloadSpec.defaults();
    return new ReloadSpec(
        r.path("watch").asBoolean(d.watch()),
        GatewayBinder.duration(r.path("debounce"), d.debounce()),
        GatewayBinder.duration(r.path("drain-timeout"), d.drainTimeout()));
  }

  /**
   * The admin listener, if configured. Its stack must exist, and a host that is not a loopback
   * address needs one: the admin API reloads the configuration and shows it. Its port must not be
   * one of {@code takenPorts} (the server's and the metrics' listeners).
   */
  static Optional<AdminSpec> admin(
      YamlDocument doc,
      Map<String, StackSpec> stacks,
      List<Integer> takenPorts,
      List<ConfigError> errors) {
    JsonNode a = doc.root().path("admin");
    if (a.isMissingNode() || a.isNull()) {
      return Optional.empty();
    }
    Optional<String> stack =
        a.hasNonNull("stack") ? Optional.of(a.get("stack").asText()) : Optional.empty();
    stack
        .filter(name -> !stacks.containsKey(name))
        .ifPresent(
            name ->
                errors.add(
                    doc.origin("/admin/stack")
                        .error(CrossChecks.unknown("stack", name, stacks.keySet()))));
    String host = a.path("host").asText(AdminSpec.DEFAULT_HOST);
    if (stack.isEmpty() && !loopback(host)) {
      errors.add(
          doc.origin(a.has("host") ? "/admin/host" : "/admin")
              .error(
                  "the admin API on "
                      + host
                      + " is reachable from other hosts: give it a stack that authenticates"
                      + " (admin: {stack: <name>}), or keep the default host 127.0.0.1"));
    }
    int port = a.path("port").asInt();
    if (port != 0 && takenPorts.contains(port)) {
      errors.add(
          doc.origin("/admin/port")
              .error(
                  "the admin port "
                      + port
                      + " is already the server's or the metrics' port; give the admin API a port"
                      + " of its own"));
    }
    return Optional.of(new AdminSpec(host, port, stack, doc.origin("/admin")));
  }

  /** Whether {@code host} is a loopback literal or {@code localhost}; never asks DNS otherwise. */
  static boolean loopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (!host.matches("[0-9.]+|\\[?[0-9A-Fa-f:.]+]?")) {
      return false; // a name other than localhost: not known to be loopback
    }
    try {
      return InetAddress.getByName(host.replace("[", "").replace("]", "")).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
