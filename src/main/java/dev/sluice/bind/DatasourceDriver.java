package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.PostgresUrl;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A datasource's {@code driver:}: {@code pipelined} or {@code jdbc}. Empty (or absent) means the
 * default for the URL: pipelined for a {@code jdbc:postgresql:} URL the pipelined driver takes,
 * jdbc for any other (the embedded database, several hosts, a parameter the pipelined driver has no
 * option for, {@code sslmode=verify-full}), so that an unwritten driver is never an error. Written
 * {@code pipelined}, the URL must name one host and only parameters the driver has an option for
 * ({@link PostgresUrl#PIPELINED_PARAMETERS}); anything else is an error at the parameter's name,
 * saying to choose {@code driver: jdbc} for it.
 */
final class DatasourceDriver {
  private DatasourceDriver() {}

  static DatasourceSpec.Driver of(
      YamlDocument doc, String pointer, String url, JsonNode d, List<ConfigError> errors) {
    String written =
        d.path("driver").isNull()
            ? ""
            : d.path("driver").asText("").trim().toLowerCase(Locale.ROOT);
    if (written.equals("jdbc")) {
      return DatasourceSpec.Driver.JDBC;
    }
    if (!written.equals("pipelined")) {
      return defaultFor(doc, pointer, url); // its URL checked once, there
    }
    if (url.isEmpty()) {
      errors.add(
          doc.origin(pointer + "/driver")
              .error(
                  "the embedded database runs on driver: jdbc; pipelined needs a PostgreSQL url"));
      return DatasourceSpec.Driver.JDBC;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      checkUrl(doc, pointer, url, errors);
    }
    return DatasourceSpec.Driver.PIPELINED;
  }

  /** Pipelined where it takes the URL as written (docs/sql.md: 1.41 × JDBC), else JDBC. */
  private static DatasourceSpec.Driver defaultFor(YamlDocument doc, String pointer, String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      return DatasourceSpec.Driver.JDBC;
    }
    List<ConfigError> wouldBe = new ArrayList<>();
    checkUrl(doc, pointer, url, wouldBe);
    return wouldBe.isEmpty() ? DatasourceSpec.Driver.PIPELINED : DatasourceSpec.Driver.JDBC;
  }

  private static void checkUrl(
      YamlDocument doc, String pointer, String url, List<ConfigError> errors) {
    Optional<PostgresUrl> parsed = PostgresUrl.parse(url);
    if (parsed.isEmpty()) {
      errors.add(
          doc.origin(pointer + "/url")
              .error(
                  "the pipelined driver takes jdbc:postgresql://host[:port]/database with one"
                      + " host; set driver: jdbc for this url"));
      return;
    }
    for (String name : parsed.get().parameters().keySet()) {
      if (!PostgresUrl.pipelinedKnows(name)) {
        errors.add(
            doc.origin(pointer + "/url")
                .error(
                    "the pipelined driver has no option for the url parameter \""
                        + name
                        + "\" (it takes "
                        + String.join(
                            ", ", PostgresUrl.PIPELINED_PARAMETERS.stream().sorted().toList())
                        + "); set driver: jdbc to keep it"));
      }
    }
    parsed
        .get()
        .parameter("sslmode")
        .map(m -> m.toLowerCase(Locale.ROOT))
        .filter(m -> !PostgresUrl.PIPELINED_SSL_MODES.contains(m))
        .ifPresent(
            m ->
                errors.add(
                    doc.origin(pointer + "/url")
                        .error(
                            "sslmode="
                                + m
                                + " is not one the pipelined driver has (disable, allow, prefer,"
                                + " require); set driver: jdbc for certificate checks")));
    parsed
        .get()
        .parameter("options")
        .filter(o -> PostgresUrl.startupOptions(o).isEmpty())
        .ifPresent(
            o ->
                errors.add(
                    doc.origin(pointer + "/url")
                        .error(
                            "the pipelined driver reads options as -c name=value pairs only; set"
                                + " driver: jdbc for other options")));
  }
}
