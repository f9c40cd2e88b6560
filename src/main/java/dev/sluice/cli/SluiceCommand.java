package dev.sluice.cli;

import dev.sluice.files.UnreadableFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sluice}: the top-level command. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    description = "An HTTP gateway driven by declarative route files.",
    subcommands = {
      ServeCommand.class,
      ValidateConfigCommand.class,
      RoutesCommand.class,
      ReloadCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid configuration (every error is printed)",
      "2:usage error, or a config file that is missing, a directory or unreadable",
      "3:the server cannot start (e.g. the port is in use)"
    })
public final class SluiceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** Runs the CLI and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /** The configured command line (tests set its out and err). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new SluiceCommand());
    EnvironmentHelp.addTo(cl);
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof UnreadableFileException) {
            // missing, a directory, unreadable: one line, exit 2
            commandLine.getErr().println("sluice: " + e.getMessage());
            commandLine.getErr().flush();
            return 2;
          }
          throw e;
        });
    return cl;
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SluiceCommand.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (v == null ? "dev" : v)};
    }
  }
}
