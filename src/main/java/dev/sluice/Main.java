package dev.sluice;

import dev.sluice.cli.SluiceCommand;

/** Entry point: {@code java -jar sluice.jar serve|validate-config|routes …}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(SluiceCommand.execute(args));
  }
}
