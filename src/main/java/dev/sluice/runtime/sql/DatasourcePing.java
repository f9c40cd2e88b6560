package dev.sluice.runtime.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Whether a pool's database answers ({@code /readyz}, {@code --check-sql}): a pooled connection and
 * {@code isValid}, on a virtual thread of its own so a hanging connection attempt never blocks the
 * caller beyond its timeout.
 */
final class DatasourcePing {
  private static final ExecutorService PROBES = Executors.newVirtualThreadPerTaskExecutor();

  private DatasourcePing() {}

  /**
   * Empty when the database answers within {@code timeout}, else why not; {@code explained} adds
   * the driver's first line to a failed connection's reason (for the operator's own tools only).
   */
  static Optional<String> ping(DataSource ds, Duration timeout, boolean explained) {
    CompletableFuture<Optional<String>> probe =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection c = ds.getConnection()) {
                return c.isValid((int) Math.max(1, timeout.toSeconds()))
                    ? Optional.<String>empty()
                    : Optional.of("the database did not answer a ping");
              } catch (SQLException e) {
                return Optional.of(
                    "cannot connect"
                        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")")
                        + (explained ? driverReason(e) : ""));
              }
            },
            PROBES);
    try {
      return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + timeout.toMillis() + "ms");
    } catch (Exception e) {
      return Optional.of("ping failed");
    }
  }

  /**
   * ": " and the first line of the driver's message (under HikariCP's "connection is not
   * available", the cause's), cut at 200 characters; or nothing.
   */
  private static String driverReason(SQLException e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return "";
    }
    String line = m.strip().lines().findFirst().orElse("");
    return ": " + (line.length() > 200 ? line.substring(0, 197) + "..." : line);
  }
}
