package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.middleware.BindingContext;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.router.InvalidPathTemplateException;
import dev.sluice.router.PathTemplate;
import dev.sluice.schema.DidYouMean;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.HandlerSpec;
import dev.sluice.spec.Origin;
import dev.sluice.spec.ParamLocation;
import dev.sluice.spec.ParamSpec;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.StaticSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Binds the routes of one schema-valid route file, checking what a schema cannot: the path
 * template, the stack's name, and that path parameters and the path agree.
 */
final class RouteBinder {
  /** Paths the gateway serves itself. */
  static final Set<String> RESERVED_PATHS = Set.of("/healthz", "/readyz"); // metrics: CrossChecks

  private static final List<String> HANDLER_KINDS = List.of("static", "sql", "proxy");

  private RouteBinder() {}

  /** Binds the routes whose index {@code valid} accepts (those without a schema error). */
  static List<RouteSpec> bind(
      YamlDocument doc, Names names, List<ConfigError> errors, IntPredicate valid) {
    List<RouteSpec> out = new ArrayList<>();
    JsonNode routes = doc.root().path("routes");
    for (int i = 0; i < routes.size(); i++) {
      if (valid.test(i)) {
        route(doc, "/routes/" + i, names, errors).ifPresent(out::add);
      }
    }
    return out;
  }

  private static Optional<RouteSpec> route(
      YamlDocument doc, String at, Names names, List<ConfigError> errors) {
    int before = errors.size();
    JsonNode r = doc.root().at(at);
    String id = r.path("id").asText();
    List<String> methods = RouteKey.methods(r.path("method")).orElse(List.of());
    checkMethods(doc, at, methods, errors);
    Optional<PathTemplate> path = path(doc, at, errors);
    String stack = r.path("stack").asText();
    checkStack(doc, at, names, errors);
    MiddlewareBinder.Bound middleware =
        r.has("middleware")
            ? MiddlewareBinder.bind(
                doc, at + "/middleware", names.middleware(), pointer -> false, errors)
            : new MiddlewareBinder.Bound(List.of(), true);
    Map<String, ParamSpec> params = params(doc, at, errors);
    path.ifPresent(p -> checkPathParams(doc, at, p, params, errors));
    Optional<HandlerSpec> handler = handler(doc, at, names, path, errors);
    if (errors.size() > before || handler.isEmpty() || path.isEmpty() || !middleware.complete()) {
      return Optional.empty();
    }
    return Optional.of(
        new RouteSpec(
            id,
            String.join(", ", methods),
            methods,
            path.get(),
            stack,
            middleware.middleware(),
            params,
            handler.get(),
            doc.origin(at),
            doc.origin(at + "/id"),
            doc.origin(at + "/path")));
  }

  /**
   * For a route that has schema errors, and so is not bound: the checks of its path template (and
   * that its path parameters are declared), of its stack name, that it has one handler, and of its
   * middleware's arguments, where those parts have no error of their own, so that they come in the
   * same run as the schema's.
   */
  static void checkUnbound(
      YamlDocument doc,
      String at,
      Names names,
      List<ConfigError> errors,
      Predicate<String> hasError) {
    JsonNode r = doc.root().at(at);
    JsonNode params = r.path("params");
    boolean paramsReadable =
        (params.isMissingNode() || params.isObject()) && !hasError.test(at + "/params");
    if (r.path("path").isTextual() && !hasError.test(at + "/path")) {
      path(doc, at, errors)
          .filter(p -> paramsReadable)
          .ifPresent(
              p ->
                  p.parameterNames().stream()
                      .filter(name -> !params.has(name))
                      .forEach(name -> errors.add(undeclared(doc, at, name))));
    }
    if (r.path("stack").isTextual() && !hasError.test(at + "/stack")) {
      checkStack(doc, at, names, errors);
    }
    if (r.isObject() && !hasError.test(at) && !misspeltHandler(r, at, hasError)) {
      handlerKind(doc, at, errors);
    }
    if (!hasError.test(at + "/middleware")) {
      MiddlewareBinder.bind(doc, at + "/middleware", names.middleware(), hasError, errors);
    }
    if (r.path("sql").isObject()) { // an error on the block itself (a missing key) spares its parts
      SqlRouteBinder.checkUnbound(doc, at, names, hasError, paramsReadable, errors);
    }
    if (!hasError.test(at + "/method") && !hasError.test(at)) {
      RouteKey.methods(r.path("method")).ifPresent(m -> checkMethods(doc, at, m, errors));
    }
    if (r.path("proxy").isObject() && !hasError.test(at + "/proxy")) {
      Optional<PathTemplate> path =
          r.path("path").isTextual() && !hasError.test(at + "/path")
              ? parsed(r.path("path").asText())
              : Optional.empty();
      ProxyBinder.check(doc, at, names, path, hasError, errors);
    }
  }

  private static Optional<PathTemplate> parsed(String path) {
    try {
      return Optional.of(PathTemplate.parse(path));
    } catch (InvalidPathTemplateException e) {
      return Optional.empty();
    }
  }

  /**
   * Several methods, or {@code ANY}, are for proxy routes only: a static or SQL route answers one
   * method. {@code ANY} stands alone.
   */
  private static void checkMethods(
      YamlDocument doc, String at, List<String> methods, List<ConfigError> errors) {
    boolean proxy = doc.root().at(at).has("proxy");
    Origin origin = doc.origin(at + "/method");
    if (methods.contains(RouteSpec.ANY) && methods.size() > 1) {
      errors.add(origin.error("ANY stands alone: it is every method; write method: ANY"));
    } else if (!proxy && methods.contains(RouteSpec.ANY)) {
      errors.add(
          origin.error(
              "method ANY is for proxy routes only; name the one method this route answers"));
    } else if (!proxy && doc.root().at(at + "/method").isArray()) {
      errors.add(
          origin.error(
              "a list of methods is for proxy routes only; a static or sql route answers one method"
                  + " (write one route per method)"));
    }
  }

  /**
   * Whether the route has a key with an error of its own that reads like a misspelt handler ({@code
   * statc:}): its "did you mean" already says what is missing, so "route has no handler" would only
   * repeat it.
   */
  private static boolean misspeltHandler(JsonNode r, String at, Predicate<String> hasError) {
    for (String key : (Iterable<String>) r::fieldNames) {
      if (!HANDLER_KINDS.contains(key)
          && hasError.test(at + "/" + MiddlewareBinder.escape(key))
          && DidYouMean.suggest(key, HANDLER_KINDS).isPresent()) {
        return true;
      }
    }
    return false;
  }

  private static Optional<PathTemplate> path(
      YamlDocument doc, String at, List<ConfigError> errors) {
    try {
      PathTemplate path = PathTemplate.parse(doc.root().at(at).path("path").asText());
      if (RESERVED_PATHS.contains(path.template())) {
        errors.add(
            doc.origin(at + "/path")
                .error("path " + path.template() + " is served by the gateway itself"));
      }
      return Optional.of(path);
    } catch (InvalidPathTemplateException e) {
      errors.add(doc.origin(at + "/path").error(e.getMessage()));
      return Optional.empty();
    }
  }

  private static void checkStack(
      YamlDocument doc, String at, Names names, List<ConfigError> errors) {
    String stack = doc.root().at(at).path("stack").asText();
    if (!names.stacks().contains(stack)) {
      errors.add(
          doc.origin(at + "/stack").error(CrossChecks.unknown("stack", stack, names.stacks())));
    }
  }

  private static Map<String, ParamSpec> params(
      YamlDocument doc, String at, List<ConfigError> errors) {
    Map<String, ParamSpec> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : doc.root().at(at + "/params").properties()) {
      String pointer = at + "/params/" + MiddlewareBinder.escape(e.getKey());
      ParamBinding.bind(doc, pointer, e.getKey(), e.getValue(), errors)
          .ifPresent(p -> params.put(e.getKey(), p));
    }
    return params;
  }

  private static ConfigError undeclared(YamlDocument doc, String at, String name) {
    return doc.origin(at + "/path")
        .error(
            "path parameter {"
                + name
                + "} is not declared; add params: {"
                + name
                + ": {in: path}}");
  }

  private static void checkPathParams(
      YamlDocument doc,
      String at,
      PathTemplate path,
      Map<String, ParamSpec> params,
      List<ConfigError> errors) {
    for (String name : path.parameterNames()) {
      ParamSpec p = params.get(name);
      if (p == null) {
        errors.add(undeclared(doc, at, name));
      } else if (p.in() != ParamLocation.PATH) {
        errors.add(
            doc.origin(at + "/params/" + MiddlewareBinder.escape(name) + "/in")
                .error(
                    "{"
                        + name
                        + "} is a path parameter, but is declared in: "
                        + p.in().yamlName()));
      }
    }
    for (ParamSpec p : params.values()) {
      if (p.in() == ParamLocation.PATH && !path.parameterNames().contains(p.name())) {
        errors.add(
            doc.origin(at + "/params/" + MiddlewareBinder.escape(p.name()))
                .error(
                    "parameter \""
                        + p.name()
                        + "\" is declared in: path, but the path "
                        + path.template()
                        + " has no {"
                        + p.name()
                        + "}"));
      }
    }
  }

  /** The one handler the route names, or empty with an error when it names none or several. */
  private static Optional<String> handlerKind(
      YamlDocument doc, String at, List<ConfigError> errors) {
    JsonNode r = doc.root().at(at);
    List<String> given = HANDLER_KINDS.stream().filter(r::has).toList();
    if (given.size() == 1) {
      return Optional.of(given.get(0));
    }
    errors.add(
        doc.origin(at)
            .error(
                given.isEmpty()
                    ? "route has no handler; add one of: " + String.join(", ", HANDLER_KINDS)
                    : "route has more than one handler: " + String.join(", ", given)));
    return Optional.empty();
  }

  private static Optional<HandlerSpec> handler(
      YamlDocument doc,
      String at,
      Names names,
      Optional<PathTemplate> path,
      List<ConfigError> errors) {
    Optional<String> kind = handlerKind(doc, at, errors);
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    return switch (kind.get()) {
      case "sql" -> SqlRouteBinder.bind(doc, at, names, errors).map(q -> (HandlerSpec) q);
      case "proxy" -> ProxyBinder.bind(doc, at, names, path, errors).map(p -> (HandlerSpec) p);
      default -> staticSpec(doc, at + "/static", errors);
    };
  }

  private static Optional<HandlerSpec> staticSpec(
      YamlDocument doc, String at, List<ConfigError> errors) {
    JsonNode s = doc.root().at(at);
    int status = s.path("status").asInt(200);
    String body = s.path("body").asText("");
    Map<String, String> headers = new LinkedHashMap<>();
    s.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    if ((status == 204 || status == 304 || status < 200) && !body.isEmpty()) {
      errors.add(doc.origin(at + "/body").error("a " + status + " response cannot have a body"));
      return Optional.empty();
    }
    return Optional.of(
        new StaticSpec(
            status,
            headers,
            body,
            GatewayBinder.duration(s.path("delay"), java.time.Duration.ZERO)));
  }

  /**
   * What a route may refer to, as gateway.yaml declares it: stacks, datasources and upstreams by
   * name, what middleware arguments resolve against (rate-limit policies, the server's limits), and
   * the upstreams bound (those without errors of their own).
   */
  record Names(
      Set<String> stacks,
      Set<String> datasources,
      BindingContext middleware,
      Set<String> upstreamNames,
      Map<String, dev.sluice.spec.UpstreamSpec> upstreams) {}
}
