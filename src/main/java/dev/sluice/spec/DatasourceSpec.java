package dev.sluice.spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A named database from gateway.yaml.
 *
 * <pre>
 * datasources:
 *   main:
 *     url: ${SLUICE_DB_URL:-}          # empty: the embedded database below
 *     user: ${SLUICE_DB_USER:-postgres}
 *     password: ${SLUICE_DB_PASSWORD:-}
 *     pool-size: 16
 *     connection-timeout: 2s
 *     statement-timeout: 5s
 *     embedded: {init: [../examples/users/schema.sql, ../examples/users/seed.sql]}
 * </pre>
 *
 * @param url the JDBC URL; empty when the embedded database is used
 * @param embeddedInit the SQL scripts that create the embedded database, resolved against
 *     gateway.yaml's directory; empty when {@code embedded:} is absent
 */
public record DatasourceSpec(
    String name,
    String url,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    Duration statementTimeout,
    Optional<List<Path>> embeddedInit,
    Origin origin) {

  public static final int DEFAULT_POOL_SIZE = 10;
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

  /** True when this datasource is the embedded H2 database. */
  public boolean embedded() {
    return url.isBlank();
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatasourceSpec[" + name + ", " + (embedded() ? "embedded" : url) + "]";
  }
}
