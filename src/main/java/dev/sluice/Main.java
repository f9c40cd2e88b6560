package dev.sluice;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.cli.SluiceCommand;
import dev.sluice.log.Logging;
import java.util.Set;

/** Entry point: {@code java -jar sluice.jar serve|validate-config|routes …}. */
public final class Main {
  /** The commands that load the configuration (not {@code reload}, a client of the admin API). */
  private static final Set<String> LOADING_CONFIG = Set.of("serve", "validate-config", "routes");

  private Main() {}

  public static void main(String[] args) {
    dev.sluice.runtime.proxy.ClientProperties.apply(); // before anything makes an HTTP client
    Logging.forCommandLine(); // serve switches to the configured format once the config loads
    if (args.length > 0 && LOADING_CONFIG.contains(args[0])) {
      ConfigLoader.prepareInBackground(); // the schemas compile while picocli parses the arguments
    }
    int code = SluiceCommand.execute(args);
    Logging.flush();
    System.exit(code);
  }
}
