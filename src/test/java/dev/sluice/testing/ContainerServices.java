package dev.sluice.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the tests find PostgreSQL and Redis. When a Docker daemon answers (a developer's laptop,
 * GitHub Actions), Testcontainers starts {@code postgres:16} (trust authentication, user {@code
 * postgres}) and {@code redis:7} once per test JVM, on first use, and removes them when the JVM
 * exits. Otherwise the local services that {@code SLUICE_TEST_JDBC_URL} and {@code
 * SLUICE_TEST_REDIS_URL} name (scripts/test.sh starts them and sets both). {@code
 * SLUICE_TEST_CONTAINERS=0} keeps to the local services even when Docker answers.
 *
 * <p>Docker is asked only when something says it may be there ({@code DOCKER_HOST}, a Docker
 * socket, a Testcontainers config file): without one, Testcontainers is never loaded and says
 * nothing.
 */
public final class ContainerServices {
  private static final int POSTGRES_PORT = 5432;
  private static final int REDIS_PORT = 6379;

  private static Boolean docker;
  private static GenericContainer<?> postgres;
  private static GenericContainer<?> redis;

  private ContainerServices() {}

  /** The admin JDBC URL of the tests' PostgreSQL, if there is one. */
  public static Optional<String> jdbcUrl() {
    return useContainers() ? Optional.of(postgres()) : env("SLUICE_TEST_JDBC_URL");
  }

  /** The URL of the tests' Redis, if there is one. */
  public static Optional<String> redisUrl() {
    return useContainers() ? Optional.of(redis()) : env("SLUICE_TEST_REDIS_URL");
  }

  /** Whether the services run in containers: a Docker daemon answers and no one said not to. */
  public static synchronized boolean useContainers() {
    if (docker == null) {
      docker =
          !"0".equals(System.getenv("SLUICE_TEST_CONTAINERS"))
              && dockerMayBeThere()
              && DockerClientFactory.instance().isDockerAvailable();
    }
    return docker;
  }

  private static boolean dockerMayBeThere() {
    if (env("DOCKER_HOST").isPresent()) {
      return true;
    }
    String home = System.getProperty("user.home");
    List<Path> places =
        new ArrayList<>(
            List.of(
                Path.of("/var/run/docker.sock"),
                Path.of(home, ".docker/run/docker.sock"),
                Path.of(home, ".docker/desktop/docker.sock"),
                Path.of(home, ".testcontainers.properties")));
    env("XDG_RUNTIME_DIR").ifPresent(d -> places.add(Path.of(d, "docker.sock")));
    return places.stream().anyMatch(Files::exists);
  }

  private static synchronized String postgres() {
    if (postgres == null) {
      postgres =
          start(
              new GenericContainer<>(DockerImageName.parse("postgres:16"))
                  .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                  .withExposedPorts(POSTGRES_PORT)
                  // the server logs this twice: after initdb's temporary start, then for real
                  .waitingFor(
                      Wait.forLogMessage(
                          ".*database system is ready to accept connections.*\\s", 2)));
    }
    return "jdbc:postgresql://"
        + postgres.getHost()
        + ":"
        + postgres.getMappedPort(POSTGRES_PORT)
        + "/postgres?user=postgres";
  }

  private static synchronized String redis() {
    if (redis == null) {
      redis =
          start(
              new GenericContainer<>(DockerImageName.parse("redis:7"))
                  .withExposedPorts(REDIS_PORT)
                  .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\s", 1)));
    }
    return "redis://" + redis.getHost() + ":" + redis.getMappedPort(REDIS_PORT);
  }

  private static GenericContainer<?> start(GenericContainer<?> c) {
    c.start(); // Testcontainers' reaper removes it when the JVM exits
    return c;
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
  }
}
