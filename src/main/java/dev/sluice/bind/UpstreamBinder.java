package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.files.FileReading;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.Origin;
import dev.sluice.spec.UpstreamSpec;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Binds gateway.yaml's {@code upstreams:} — before the route files, so proxy routes are bound
 * against them, and also when gateway.yaml has errors elsewhere (an upstream with an error of its
 * own is left out; routes naming it are not bound, the upstream's error says why).
 */
final class UpstreamBinder {
  private UpstreamBinder() {}

  /**
   * The upstreams without errors, by name; every name written is in {@code names}.
   *
   * @param hasError whether gateway.yaml has a loading or schema error at exactly a pointer
   */
  static Map<String, UpstreamSpec> bind(
      YamlDocument doc,
      Path baseDir,
      Predicate<String> hasError,
      Set<String> names,
      List<ConfigError> errors) {
    Map<String, UpstreamSpec> out = new LinkedHashMap<>();
    JsonNode section = doc.root().path("upstreams");
    if (!section.isObject() || hasError.test("/upstreams")) {
      return out;
    }
    for (Map.Entry<String, JsonNode> e : section.properties()) {
      String pointer = "/upstreams/" + MiddlewareBinder.escape(e.getKey());
      names.add(e.getKey());
      if (MiddlewareBinder.errorWithin(e.getValue(), pointer, hasError)) {
        continue;
      }
      upstream(doc, pointer, e.getKey(), e.getValue(), baseDir, errors)
          .ifPresent(u -> out.put(e.getKey(), u));
    }
    return out;
  }

  private static Optional<UpstreamSpec> upstream(
      YamlDocument doc,
      String pointer,
      String name,
      JsonNode u,
      Path baseDir,
      List<ConfigError> errors) {
    int before = errors.size();
    List<URI> targets = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < u.path("targets").size(); i++) {
      Origin at = doc.origin(pointer + "/targets/" + i);
      target(u.path("targets").get(i).asText(), at, errors)
          .ifPresent(
              t -> {
                if (!seen.add(t.getScheme() + "://" + t.getHost() + ":" + t.getPort())) {
                  errors.add(at.error("the target " + t + " is listed twice"));
                }
                targets.add(t);
              });
    }
    JsonNode r = u.path("retries");
    UpstreamSpec.Retries d = UpstreamSpec.Retries.defaults();
    UpstreamSpec.Retries retries = d;
    if (!r.isMissingNode()) {
      boolean onGiven = r.has("on");
      Set<String> on = new HashSet<>();
      Set<Integer> statuses = new HashSet<>();
      for (JsonNode n : r.path("on")) {
        if (n.isInt()) {
          statuses.add(n.asInt());
        } else {
          on.add(n.asText());
        }
      }
      retries =
          new UpstreamSpec.Retries(
              r.path("attempts").asInt(d.attempts()),
              onGiven ? on.contains("connect-failure") : d.onConnectFailure(),
              onGiven ? on.contains("reset") : d.onReset(),
              onGiven ? statuses : d.statuses());
    }
    Optional<UpstreamSpec.HealthCheck> health = Optional.empty();
    JsonNode h = u.path("health-check");
    if (h.isObject()) {
      health =
          Optional.of(
              new UpstreamSpec.HealthCheck(
                  h.path("path").asText("/"),
                  GatewayBinder.duration(
                      h.path("interval"), UpstreamSpec.HealthCheck.DEFAULT_INTERVAL),
                  GatewayBinder.duration(
                      h.path("timeout"), UpstreamSpec.HealthCheck.DEFAULT_TIMEOUT),
                  h.path("unhealthy-after").asInt(UpstreamSpec.HealthCheck.DEFAULT_UNHEALTHY_AFTER),
                  h.path("healthy-after").asInt(UpstreamSpec.HealthCheck.DEFAULT_HEALTHY_AFTER)));
      if (health.get().timeout().compareTo(health.get().interval()) > 0) {
        errors.add(
            doc.origin(pointer + "/health-check/timeout")
                .error("a health check's timeout is at most its interval"));
      }
    }
    JsonNode o = u.path("outlier");
    UpstreamSpec.Outlier od = UpstreamSpec.Outlier.defaults();
    UpstreamSpec.Outlier outlier =
        new UpstreamSpec.Outlier(
            o.path("enabled").asBoolean(od.enabled()),
            o.path("consecutive-failures").asInt(od.consecutiveFailures()),
            GatewayBinder.duration(o.path("eject-for"), od.ejectFor()));
    Optional<Path> ca = Optional.empty();
    if (u.has("ca-file")) {
      Path file = baseDir.resolve(u.path("ca-file").asText()).normalize();
      Origin at = doc.origin(pointer + "/ca-file");
      caFileProblem(file).ifPresent(problem -> errors.add(at.error(problem)));
      if (targets.stream().noneMatch(t -> t.getScheme().equals("https"))) {
        errors.add(at.error("ca-file applies to https targets only; none is https here"));
      }
      ca = Optional.of(file);
    }
    if (errors.size() > before || targets.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new UpstreamSpec(
            name,
            targets,
            UpstreamSpec.Balance.valueOf(
                u.path("balance").asText("round-robin").replace('-', '_').toUpperCase(Locale.ROOT)),
            GatewayBinder.duration(u.path("connect-timeout"), UpstreamSpec.DEFAULT_CONNECT_TIMEOUT),
            GatewayBinder.duration(u.path("timeout"), UpstreamSpec.DEFAULT_TIMEOUT),
            u.path("max-connections").asInt(UpstreamSpec.DEFAULT_MAX_CONNECTIONS),
            retries,
            health,
            outlier,
            ca,
            doc.origin(pointer)));
  }

  /**
   * What is wrong with a {@code ca-file}, if anything: it must be a readable file of PEM
   * certificates ({@code -----BEGIN CERTIFICATE-----}), at least one, each one parsing.
   */
  static Optional<String> caFileProblem(Path file) {
    String name = FileReading.displayName(file);
    byte[] bytes;
    try {
      bytes = FileReading.read(file, name, MAX_CA_FILE);
    } catch (UnreadableFileException e) {
      return Optional.of(e.getMessage());
    }
    if (bytes.length > MAX_CA_FILE) {
      return Optional.of(name + ": larger than 1 MiB; a CA file holds a few certificates");
    }
    String notPem =
        name
            + ": not a PEM file of CA certificates (-----BEGIN CERTIFICATE----- … -----END"
            + " CERTIFICATE-----)";
    if (!new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN CERTIFICATE-----")) {
      return Optional.of(notPem);
    }
    try {
      Collection<? extends Certificate> certs =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(new ByteArrayInputStream(bytes));
      return certs.isEmpty() ? Optional.of(notPem) : Optional.empty();
    } catch (CertificateException e) {
      return Optional.of(notPem + ": " + e.getMessage());
    }
  }

  /** The largest {@code ca-file} read. */
  private static final int MAX_CA_FILE = 1024 * 1024;

  /**
   * A target URL parsed: {@code http} or {@code https}, a host, and a port (the scheme's when left
   * out); no user-info, path, query or fragment.
   */
  static Optional<URI> target(String text, Origin at, List<ConfigError> errors) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      errors.add(at.error("not a URL: " + e.getReason()));
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      errors.add(at.error("an upstream target is http:// or https://"));
      return Optional.empty();
    }
    if (uri.getHost() == null) {
      errors.add(at.error("not a URL with a host name or IP address and an optional port"));
      return Optional.empty();
    }
    if (uri.getUserInfo() != null) {
      errors.add(at.error("a target URL holds no user name or password"));
      return Optional.empty();
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if ((!path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      errors.add(
          at.error(
              "a target is a scheme, host and port only; a path prefix goes in the route's"
                  + " proxy.path"));
      return Optional.empty();
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    try {
      return Optional.of(new URI(scheme, null, uri.getHost(), port, null, null, null));
    } catch (URISyntaxException e) {
      errors.add(at.error("not a URL: " + e.getReason()));
      return Optional.empty();
    }
  }
}
