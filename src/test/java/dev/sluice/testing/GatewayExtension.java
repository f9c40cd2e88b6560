package dev.sluice.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A gateway over a test config, started the way {@code serve} starts it ({@link RunningGateway}:
 * the loader, {@code GatewayRuntime}, {@code GatewayServer.start}) on free ports, for HTTP tests:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GatewayExtension gateway =
 *     GatewayExtension.of("src/test/resources/configs/net/cors/gateway.yaml")
 *         .env("NET_TEST_HOST", "127.0.0.1")
 *         .usersDatabase("SLUICE_DB_URL"); // optional: a PostgreSQL database of its own
 * }</pre>
 *
 * A {@code static} field gives the class one gateway, started before its first test and closed
 * after its last; an instance field gives each test its own. Variables are read when the gateway
 * starts, so a supplier may name something made just before (a port, a file). A test config that
 * needs PostgreSQL or Redis ({@link #usersDatabase}, {@link #redis}) is skipped without it, or
 * fails with {@code SLUICE_TEST_REQUIRE_DB=1} ({@link TestServices}).
 */
public final class GatewayExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Path config;
  private final Map<String, Supplier<String>> env = new LinkedHashMap<>();
  private Optional<String> databaseVariable = Optional.empty();
  private boolean perClass;
  private TestDatabase database;
  private RunningGateway gateway;

  private GatewayExtension(Path config) {
    this.config = config;
  }

  /** A gateway over the config file {@code config} (relative to the project directory). */
  public static GatewayExtension of(String config) {
    return of(Path.of(config));
  }

  public static GatewayExtension of(Path config) {
    return new GatewayExtension(config);
  }

  /** Sets an environment variable the config reads, over the process's own. */
  public GatewayExtension env(String name, String value) {
    return env(name, () -> value);
  }

  /** Sets an environment variable, its value taken when the gateway starts. */
  public GatewayExtension env(String name, Supplier<String> value) {
    env.put(name, value);
    return this;
  }

  /** Every variable of {@code vars}. */
  public GatewayExtension env(Map<String, String> vars) {
    vars.forEach(this::env);
    return this;
  }

  /**
   * A database of the gateway's own with the users example's schema and seed ({@link
   * TestDatabase#createUsers}), its JDBC URL in {@code variable}; dropped when the gateway stops.
   */
  public GatewayExtension usersDatabase(String variable) {
    databaseVariable = Optional.of(variable);
    return this;
  }

  /** The tests' Redis URL in {@code variable} ({@link TestServices#redisUrl}). */
  public GatewayExtension redis(String variable) {
    return env(variable, TestServices::redisUrl);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    perClass = true;
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (!perClass) {
      stop();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  private void start() throws Exception {
    Map<String, String> vars = new LinkedHashMap<>();
    if (databaseVariable.isPresent()) {
      database = TestDatabase.createUsers();
      vars.put(databaseVariable.get(), database.url());
    }
    env.forEach((name, value) -> vars.put(name, value.get()));
    gateway = RunningGateway.start(config, vars);
  }

  private void stop() throws Exception {
    try {
      if (gateway != null) {
        gateway.close();
      }
    } finally {
      gateway = null;
      if (database != null) {
        database.close();
        database = null;
      }
    }
  }

  /** The running gateway (between start and stop). */
  public RunningGateway gateway() {
    if (gateway == null) {
      throw new IllegalStateException("the gateway of " + config + " is not running");
    }
    return gateway;
  }

  /** The database of {@link #usersDatabase}. */
  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("no users database: call usersDatabase(variable)");
    }
    return database;
  }

  public int port() {
    return gateway().port();
  }

  public URI uri(String path) {
    return gateway().uri(path);
  }

  public HttpResponse<String> get(String path) throws Exception {
    return gateway().get(path);
  }

  public HttpResponse<String> delete(String path) throws Exception {
    return gateway().delete(path);
  }

  public HttpResponse<String> postJson(String path, String json) throws Exception {
    return gateway().postJson(path, json);
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return gateway().send(request);
  }
}
