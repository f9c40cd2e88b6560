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
 *     driver: ${SLUICE_DB_DRIVER:-}      # pipelined | jdbc; empty: the URL's default
 *     pipelined: {connections: 2, pipelining-limit: 256}
 * </pre>
 *
 * @param url the JDBC URL; empty when the embedded database is used
 * @param embeddedInit the SQL scripts that create the embedded database, resolved against
 *     gateway.yaml's directory; empty when {@code embedded:} is absent
 * @param driver how statements reach the database
 * @param pipelined the pipelined driver's connections and pipelining limit
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
    Driver driver,
    Pipelined pipelined,
    Origin origin) {

  /** How a datasource's statements reach the database. */
  public enum Driver {
    /**
     * pgjdbc on HikariCP pools (and the embedded H2 database): a connection per statement in
     * flight.
     */
    JDBC,
    /**
     * vertx-pg-client: the statements of concurrent requests pipelined on a few connections
     * (PostgreSQL only).
     */
    PIPELINED;

    /** Its name in gateway.yaml. */
    public String yamlName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The pipelined driver's settings.
   *
   * @param connections connections per session kind (read-write, read-only)
   * @param pipeliningLimit the most statements sent on one connection before their answers
   */
  public record Pipelined(int connections, int pipeliningLimit) {
    public static final int DEFAULT_PIPELINING_LIMIT = 256;

    /** As many connections as cores, at least 2 and at most 16; pipelining limit 256. */
    public static Pipelined defaults() {
      return new Pipelined(
          Math.max(2, Math.min(16, Runtime.getRuntime().availableProcessors())),
          DEFAULT_PIPELINING_LIMIT);
    }
  }

  /** A JDBC datasource (the settings before the driver could be chosen). */
  public DatasourceSpec(
      String name,
      String url,
      String user,
      String password,
      int poolSize,
      Duration connectionTimeout,
      Duration statementTimeout,
      Optional<List<Path>> embeddedInit,
      Origin origin) {
    this(
        name,
        url,
        user,
        password,
        poolSize,
        connectionTimeout,
        statementTimeout,
        embeddedInit,
        Driver.JDBC,
        Pipelined.defaults(),
        origin);
  }

  /** The same datasource on another driver. */
  public DatasourceSpec withDriver(Driver d) {
    return new DatasourceSpec(
        name,
        url,
        user,
        password,
        poolSize,
        connectionTimeout,
        statementTimeout,
        embeddedInit,
        d,
        pipelined,
        origin);
  }

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
