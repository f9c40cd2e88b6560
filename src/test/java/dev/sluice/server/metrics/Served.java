package dev.sluice.server.metrics;

import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.server.GatewayServer;
import dev.sluice.server.Readiness;
import java.nio.file.Path;
import java.util.Map;

/**
 * A started server, the way {@code serve} builds it, of a test config without datasources.
 *
 * @deprecated the tests use {@link dev.sluice.testing.RunningGateway} (one gateway for a try block)
 *     or {@link dev.sluice.testing.GatewayExtension} (one for a test class); kept for tests written
 *     against it
 */
@Deprecated
record Served(GatewayServer server, GatewayRuntime table) implements AutoCloseable {
  static Served start(Path config) throws Exception {
    GatewayRuntime table = Tables.open(config, Map.of());
    GatewayServer server = GatewayServer.create(table, new Readiness());
    server.start();
    return new Served(server, table);
  }

  @Override
  public void close() {
    server.stop();
    table.close();
  }
}
