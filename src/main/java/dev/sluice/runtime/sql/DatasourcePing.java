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
 * Whether a pool's database answers ({@code /readyz}): a pooled connection and {@code isValid}, on
 * a virtual thread of its own so a hanging connection attempt never blocks the caller beyond its
 * timeout.
 */
final class DatasourcePing {
  private static final ExecutorService PROBES = Executors.newVirtualThreadPerTaskExecutor();

  private DatasourcePing() {}

  /** Empty when the database answers within {@code timeout}, else why not. */
  static Optional<String> ping(DataSource ds, Duration timeout) {
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
                        + (e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")"));
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
}
