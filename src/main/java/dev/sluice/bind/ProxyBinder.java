package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.router.InvalidPathTemplateException;
import dev.sluice.router.PathTemplate;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Origin;
import dev.sluice.spec.ProxySpec;
import dev.sluice.spec.UpstreamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds a route's {@code proxy:} block: exactly one of {@code upstream} (a name from gateway.yaml,
 * with "did you mean") and {@code url} (one target, parsed); the rewrite {@code path}, whose
 * parameters must all be the route path's; the headers it sets and removes (never the hop-by-hop
 * ones the proxy owns); and the route's timeout.
 */
final class ProxyBinder {
  /** Headers the proxy writes itself, per hop: a route can neither set nor keep them. */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "proxy-connection",
          "proxy-authorization",
          "proxy-authenticate",
          "content-length",
          "host");

  private ProxyBinder() {}

  /** The route at {@code routeAt}'s proxy block, or empty with its errors. */
  static Optional<ProxySpec> bind(
      YamlDocument doc,
      String routeAt,
      RouteBinder.Names names,
      Optional<PathTemplate> routePath,
      List<ConfigError> errors) {
    int before = errors.size();
    String at = routeAt + "/proxy";
    JsonNode p = doc.root().at(at);
    Optional<UpstreamSpec> upstream = upstream(doc, at, names, errors);
    Optional<PathTemplate> rewrite = rewrite(doc, at, routePath, errors);
    Map<String, String> set = new LinkedHashMap<>();
    p.path("headers")
        .path("set")
        .properties()
        .forEach(e -> set.put(e.getKey(), e.getValue().asText()));
    List<String> remove = new ArrayList<>();
    p.path("headers").path("remove").forEach(n -> remove.add(n.asText().toLowerCase(Locale.ROOT)));
    checkHeaders(doc, at, errors);
    Optional<Duration> timeout =
        p.has("timeout")
            ? Optional.of(GatewayBinder.duration(p.get("timeout"), Duration.ZERO))
            : Optional.empty();
    if (timeout.filter(Duration::isZero).isPresent()) {
      errors.add(doc.origin(at + "/timeout").error("a proxy timeout is more than 0s"));
    }
    if (errors.size() > before || upstream.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProxySpec(
            upstream.get(),
            rewrite,
            set,
            remove,
            timeout,
            p.path("preserve-host").asBoolean(false),
            doc.origin(at)));
  }

  /**
   * For a route with schema errors elsewhere: the parts of its proxy block without errors of their
   * own, so their mistakes come in the same run.
   */
  static void check(
      YamlDocument doc,
      String routeAt,
      RouteBinder.Names names,
      Optional<PathTemplate> routePath,
      Predicate<String> hasError,
      List<ConfigError> errors) {
    String at = routeAt + "/proxy";
    if (!hasError.test(at + "/upstream") && !hasError.test(at + "/url")) {
      upstream(doc, at, names, errors);
    }
    if (!hasError.test(at + "/path")) {
      rewrite(doc, at, routePath, errors);
    }
    if (!hasError.test(at + "/headers")) {
      checkHeaders(doc, at, errors);
    }
  }

  private static Optional<UpstreamSpec> upstream(
      YamlDocument doc, String at, RouteBinder.Names names, List<ConfigError> errors) {
    JsonNode p = doc.root().at(at);
    boolean named = p.has("upstream");
    boolean url = p.has("url");
    if (named == url) {
      errors.add(
          doc.origin(at)
              .error(
                  named
                      ? "proxy has both upstream and url; keep one"
                      : "proxy needs an upstream (a name from gateway.yaml's upstreams) or a url"));
      return Optional.empty();
    }
    if (url) {
      Origin origin = doc.origin(at + "/url");
      return UpstreamBinder.target(p.path("url").asText(), origin, errors)
          .map(target -> UpstreamSpec.inline(target, origin));
    }
    String name = p.path("upstream").asText();
    if (!names.upstreamNames().contains(name)) {
      errors.add(
          doc.origin(at + "/upstream")
              .error(CrossChecks.unknown("upstream", name, names.upstreamNames())));
      return Optional.empty();
    }
    // named but not bound: its own error in gateway.yaml says why
    return Optional.ofNullable(names.upstreams().get(name));
  }

  private static Optional<PathTemplate> rewrite(
      YamlDocument doc, String at, Optional<PathTemplate> routePath, List<ConfigError> errors) {
    JsonNode path = doc.root().at(at + "/path");
    if (!path.isTextual()) {
      return Optional.empty();
    }
    Origin origin = doc.origin(at + "/path");
    PathTemplate rewrite;
    try {
      rewrite = PathTemplate.parse(path.asText());
    } catch (InvalidPathTemplateException e) {
      errors.add(origin.error(e.getMessage()));
      return Optional.empty();
    }
    if (routePath.isPresent()) {
      for (String name : rewrite.parameterNames()) {
        if (!routePath.get().parameterNames().contains(name)) {
          errors.add(
              origin.error(
                  "{"
                      + name
                      + "} is not a parameter of the route's path "
                      + routePath.get().template()
                      + dev.sluice.schema.DidYouMean.suggest(name, routePath.get().parameterNames())
                          .map(s -> " (did you mean {" + s + "}?)")
                          .orElse("")));
        }
      }
    }
    return Optional.of(rewrite);
  }

  private static void checkHeaders(YamlDocument doc, String at, List<ConfigError> errors) {
    JsonNode headers = doc.root().at(at + "/headers");
    for (String name : (Iterable<String>) () -> headers.path("set").fieldNames()) {
      if (HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        errors.add(
            doc.origin(at + "/headers/set/" + MiddlewareBinder.escape(name))
                .error(
                    name
                        + " is written by the proxy for each hop; it cannot be set"
                        + (name.equalsIgnoreCase("host")
                            ? " (preserve-host: true passes the client's)"
                            : "")));
      }
    }
    JsonNode remove = headers.path("remove");
    for (int i = 0; i < remove.size(); i++) {
      if (HOP_BY_HOP.contains(remove.get(i).asText().toLowerCase(Locale.ROOT))) {
        errors.add(
            doc.origin(at + "/headers/remove/" + i)
                .error(remove.get(i).asText() + " is a hop-by-hop header, never passed on anyway"));
      }
    }
  }
}
