package dev.sluice;

import dev.sluice.cli.SluiceCommand;
import dev.sluice.log.Logging;

/** Entry point: {@code java -jar sluice.jar serve|validate-config|routes …}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    dev.sluice.runtime.proxy.ClientProperties.apply(); // before anything makes an HTTP client
    Logging.forCommandLine(); // serve switches to the configured format once the config loads
    int code = SluiceCommand.execute(args);
    Logging.flush();
    System.exit(code);
  }
}
