package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.DatasourceSpec;
import dev.sluice.spec.PostgresUrl;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A datasource's {@code driver:}: {@code pipelined} or {@code jdbc}. Empty (or absent): pipelined
 * for a PostgreSQL URL the pipelined driver can take whole (one host, only parameters it has an
 * option for, {@link PostgresUrl#PIPELINED_PARAMETERS}), else jdbc — the embedded database, other
 * URLs, and PostgreSQL URLs with a parameter only pgjdbc has keep working as they did. Written
 * {@code driver: pipelined}, the URL must be one the driver takes: anything else is an error at the
 * parameter's name, saying to choose {@code driver: jdbc} for it.
 */
final class DatasourceDriver {
  private DatasourceDriver() {}

  static DatasourceSpec.Driver of(
      YamlDocument doc, String pointer, String url, JsonNode d, List<ConfigError> errors) {
    String written =
        d.path("driver").isNull()
            ? ""
            : d.path("driver").asText("").trim().toLowerCase(Locale.ROOT);
    boolean embedded = url.isEmpty();
    DatasourceSpec.Driver driver =
        switch (written) {
          case "jdbc" -> DatasourceSpec.Driver.JDBC;
          case "pipelined" -> DatasourceSpec.Driver.PIPELINED;
          // the default: pipelined where it takes the URL as it is (docs/sql.md)
          default ->
              url.startsWith("jdbc:postgresql:") && pipelinedTakes(doc, pointer, url)
                  ? DatasourceSpec.Driver.PIPELINED
                  : DatasourceSpec.Driver.JDBC;
        };
    if (driver == DatasourceSpec.Driver.PIPELINED && embedded) {
      errors.add(
          doc.origin(pointer + "/driver")
              .error(
                  "the embedded database runs on driver: jdbc; pipelined needs a PostgreSQL url"));
      return DatasourceSpec.Driver.JDBC;
    }
    if (driver == DatasourceSpec.Driver.PIPELINED && url.startsWith("jdbc:postgresql:")) {
      checkUrl(doc, pointer, url, errors);
    }
    return driver;
  }

  /** Whether the pipelined driver takes {@code url} with no error (the errors are dropped). */
  private static boolean pipelinedTakes(YamlDocument doc, String pointer, String url) {
    List<ConfigError> dropped = new java.util.ArrayList<>();
    checkUrl(doc, pointer, url, dropped);
    return dropped.isEmpty();
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
