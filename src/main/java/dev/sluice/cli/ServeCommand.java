package dev.sluice.cli;

import dev.sluice.files.UnreadableFileException;
import dev.sluice.log.Log;
import dev.sluice.log.Logging;
import dev.sluice.log.UrlCredentials;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.runtime.telemetry.LogExport;
import dev.sluice.server.GatewayServer;
import dev.sluice.server.reload.ConfigSource;
import dev.sluice.server.reload.ConfigWatcher;
import dev.sluice.server.reload.Reloader;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.LoggingSpec;
import dev.sluice.spec.ServerSpec;
import dev.sluice.units.Durations;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
      "1:invalid configuration (every error is printed), or with --strict a statement the"
          + " database rejects",
      "2:usage error or unreadable file",
      "3:cannot start (e.g. the port is in use)"
    })
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = Logger.getLogger("sluice.server");

  @Mixin ConfigOption config;
  @Spec CommandSpec spec;

  @Option(
      names = "--strict",
      description =
          "Exit 1 instead of serving when a database rejects the SQL of a route (each is"
              + " described at start, as validate-config --check-sql does; without --strict the"
              + " route answers 500 and the others serve).")
  boolean strict;

  @Override
  public Integer call() throws InterruptedException, UnreadableFileException {
    ConfigSource source = Loaded.source(config.path());
    GatewayRuntime.Result result = source.load();
    if (result instanceof GatewayRuntime.Result.Invalid i) {
      Loaded.printErrors(spec.commandLine().getErr(), i.errors());
      return 1;
    }
    GatewayRuntime runtime = ((GatewayRuntime.Result.Built) result).runtime();
    ConfigSnapshot snapshot = runtime.snapshot();
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
    GatewayServer gateway;
    try {
      gateway = GatewayServer.start(runtime, Optional.of(source), strict);
    } catch (GatewayServer.RejectedStatementsException e) {
      Loaded.printErrors(spec.commandLine().getErr(), e.errors());
      Log.error(
          LOG,
          "the database rejects the SQL of some routes; not serving (--strict)",
          null,
          "errors",
          e.errors().size());
      logExport.close();
      return 1;
    } catch (SQLException | GatewayServer.CannotStartException e) {
      String msg =
          UrlCredentials.strip(
              e instanceof SQLException
                  ? "cannot open the datasources: " + e.getMessage()
                  : e.getMessage());
      Log.error(LOG, msg, null);
      spec.commandLine().getErr().println("sluice: " + msg);
      spec.commandLine().getErr().flush();
      logExport.close();
      return 3;
    }
    Log.info(LOG, "listening", "host", server.host(), "port", gateway.port());
    Reloader reloader = gateway.reloader().orElseThrow();
    snapshot
        .gateway()
        .admin()
        .ifPresent(
            a ->
                Log.info(
                    LOG, "admin API listening", "host", a.host(), "port", gateway.adminPort()));
    Signals.handle(
        "HUP",
        sig -> Thread.ofVirtual().name("sluice-sighup").start(() -> reloader.reload("SIGHUP")));
    Optional<ConfigWatcher> watcher = watch(reloader, gateway);
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
    watcher.ifPresent(ConfigWatcher::close);
    gateway.close();
    Log.info(LOG, "stopped");
    logExport.close();
    return 0;
  }

  /** Watches the files when {@code reload.watch} says so (logged either way). */
  private static Optional<ConfigWatcher> watch(Reloader reloader, GatewayServer gateway) {
    if (!gateway.runtime().snapshot().gateway().reload().watch()) {
      Log.info(LOG, "not watching the configuration files (reload.watch: false)");
      return Optional.empty();
    }
    try {
      return Optional.of(ConfigWatcher.start(reloader, gateway::runtime));
    } catch (IOException e) {
      Log.warn(
          LOG,
          "cannot watch the configuration files; SIGHUP and POST /admin/reload still reload",
          "error",
          e.getMessage());
      return Optional.empty();
    }
  }
}
