package dev.sluice.cli;

import dev.sluice.files.UnreadableFileException;
import dev.sluice.log.Log;
import dev.sluice.log.Logging;
import dev.sluice.log.UrlCredentials;
import dev.sluice.runtime.RouteTable;
import dev.sluice.runtime.sql.Datasource;
import dev.sluice.runtime.telemetry.LogExport;
import dev.sluice.server.GatewayServer;
import dev.sluice.server.Readiness;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.LoggingSpec;
import dev.sluice.spec.ServerSpec;
import dev.sluice.units.Durations;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code sluice serve}: loads and validates, serves, and on SIGTERM or SIGINT drains (readiness 503
 * for {@code shutdown.drain-delay} while still serving), stops accepting, lets in-flight requests
 * finish within {@code shutdown.grace}, and exits 0.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Loads and validates the config, then serves until SIGTERM or SIGINT.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped cleanly",
      "1:invalid configuration (every error is printed)",
      "2:usage error or unreadable file",
      "3:cannot start (e.g. the port is in use)"
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("sluice.server");
  private static final java.time.Duration PING_TIMEOUT = java.time.Duration.ofSeconds(1);

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException, UnreadableFileException {
    RouteTable.Result result = Loaded.load(config.path());
    if (result instanceof RouteTable.Result.Invalid i) {
      Loaded.printErrors(spec.commandLine().getErr(), i.errors());
      return 1;
    }
    RouteTable table = ((RouteTable.Result.Built) result).table();
    ConfigSnapshot snapshot = table.snapshot();
    ServerSpec server = snapshot.gateway().server();
    LoggingSpec logging = snapshot.gateway().logging();
    Logging.configure(logging.level(), logging.format() == LoggingSpec.Format.TEXT);
    LogExport logExport = LogExport.install(snapshot.gateway().telemetry());
    Log.info(
        LOG,
        "config loaded",
        "config",
        snapshot.files().get(0),
        "files",
        snapshot.files().size(),
        "routes",
        snapshot.routes().size(),
        "config_hash",
        snapshot.hash());
    ShutdownSignals signals = ShutdownSignals.install();
    Readiness readiness = new Readiness();
    try {
      table.datasources().open();
    } catch (SQLException e) {
      String msg = UrlCredentials.strip("cannot open the datasources: " + e.getMessage());
      Log.error(LOG, msg, null);
      spec.commandLine().getErr().println("sluice: " + msg);
      spec.commandLine().getErr().flush();
      table.close();
      logExport.close();
      return 3;
    }
    for (Datasource d : table.datasources().all()) {
      readiness.add("datasource:" + d.name(), () -> d.ping(PING_TIMEOUT));
      Log.info(
          LOG,
          "datasource opened",
          "datasource",
          d.name(),
          "kind",
          d.embedded() ? "embedded H2 (PostgreSQL mode)" : "postgresql",
          "pool_size",
          d.spec().poolSize());
    }
    GatewayServer gateway;
    try {
      gateway = GatewayServer.create(table, readiness);
      gateway.start();
    } catch (GatewayServer.CannotStartException e) {
      table.close();
      Log.error(LOG, e.getMessage(), null);
      spec.commandLine().getErr().println("sluice: " + e.getMessage());
      spec.commandLine().getErr().flush();
      logExport.close();
      return 3;
    }
    Log.info(LOG, "listening", "host", server.host(), "port", gateway.port());
    String signal = signals.await();
    gateway.readiness().drain();
    Log.info(
        LOG,
        "shutting down: readiness is 503, still serving during the drain delay",
        "signal",
        signal,
        "drain_delay",
        Durations.format(server.drainDelay()));
    signals.awaitOrSecondSignal(server.drainDelay());
    Log.info(
        LOG,
        "closing the listener; in-flight requests may finish",
        "grace",
        Durations.format(server.grace()));
    gateway.stop();
    table.close();
    Log.info(LOG, "stopped");
    logExport.close();
    return 0;
  }
}
