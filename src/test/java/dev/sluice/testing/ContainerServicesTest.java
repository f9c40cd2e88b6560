package dev.sluice.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The switch between containers and the local services. Where no Docker daemon answers (this
 * project's own machines) only the first test runs; the second runs where one does.
 */
class ContainerServicesTest {
  @Test
  void withoutDockerTheLocalServicesTheEnvironmentNamesAreUsed() {
    Assumptions.assumeFalse(
        ContainerServices.useContainers(), "a Docker daemon answers: the containers are used");
    assertThat(ContainerServices.jdbcUrl(), is(env("SLUICE_TEST_JDBC_URL")));
    assertThat(ContainerServices.redisUrl(), is(env("SLUICE_TEST_REDIS_URL")));
  }

  @Test
  void withDockerTheContainersAnswer() throws Exception {
    Assumptions.assumeTrue(
        ContainerServices.useContainers(), "no Docker daemon answers: the local services are used");
    try (Connection c = DriverManager.getConnection(ContainerServices.jdbcUrl().orElseThrow());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      assertThat(rs.getString(1), is("postgres"));
    }
    try (io.lettuce.core.RedisClient client =
            io.lettuce.core.RedisClient.create(ContainerServices.redisUrl().orElseThrow());
        var connection = client.connect()) {
      assertThat(connection.sync().ping(), is("PONG"));
    }
  }

  private static Optional<String> env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
  }
}
