package dev.sluice.testing;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The one skip-or-fail rule for tests that need a service this machine may not have (PostgreSQL,
 * Redis, a binary): without it the test is skipped, so the suite stays green on a bare machine;
 * with {@code SLUICE_TEST_REQUIRE_DB=1} (set by scripts/test.sh, which starts the services) a
 * missing service fails the test instead. Where the services are: {@link ContainerServices}.
 */
public final class TestServices {
  /** The variable that turns a skip into a failure. */
  public static final String REQUIRE = "SLUICE_TEST_REQUIRE_DB";

  private TestServices() {}

  /** Whether a missing service fails the tests ({@code SLUICE_TEST_REQUIRE_DB=1}). */
  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE));
  }

  /** The admin JDBC URL of the tests' PostgreSQL, or skips (fails, when required) the caller. */
  public static String postgresUrl() {
    return require(ContainerServices.jdbcUrl(), "SLUICE_TEST_JDBC_URL is not set");
  }

  /** The URL of the tests' Redis, or skips (fails, when required) the caller. */
  public static String redisUrl() {
    return require(ContainerServices.redisUrl(), "SLUICE_TEST_REDIS_URL is not set");
  }

  /**
   * {@code value} when present; else skips the calling test saying {@code why}, or fails it when
   * the services are required.
   */
  public static <T> T require(Optional<T> value, String why) {
    if (value.isPresent()) {
      return value.get();
    }
    if (required()) {
      throw new AssertionError(REQUIRE + "=1 but " + why);
    }
    Assumptions.abort(why + ": skipped (" + REQUIRE + "=1 makes this a failure)");
    throw new IllegalStateException("unreachable");
  }
}
