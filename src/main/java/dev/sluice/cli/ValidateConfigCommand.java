package dev.sluice.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.runtime.GatewayRuntime;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sluice validate-config}: checks everything {@code serve} would, without serving. */
@Command(
    name = "validate-config",
    mixinStandardHelpOptions = true,
    description =
        "Validates gateway.yaml and every route file it names, as serve would, without serving:"
            + " schemas, stacks, middleware, route ids and paths across files. Prints every error"
            + " as file:line:column: pointer: message.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:valid",
      "1:invalid (with --check-sql: also a statement the database rejects, or no connection)",
      "2:usage error or unreadable file"
    })
final class ValidateConfigCommand implements Callable<Integer> {
  enum Format {
    text,
    json
  }

  @Mixin ConfigOption config;

  @Option(
      names = "--format",
      defaultValue = "text",
      description =
          "text (one error per line) or json (an array of {file, line, column, pointer, message})")
  Format format;

  @Option(
      names = "--check-sql",
      description =
          "Also connect to each datasource and have the database describe every statement"
              + " (parameters and result columns) without running it.")
  boolean checkSql;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException, UnreadableFileException {
    PrintWriter out = spec.commandLine().getOut();
    GatewayRuntime.Result result = Loaded.load(config.path());
    List<ConfigError> errors =
        result instanceof GatewayRuntime.Result.Invalid i ? i.errors() : List.of();
    if (result instanceof GatewayRuntime.Result.Built b) {
      try (GatewayRuntime runtime = b.runtime()) {
        if (checkSql) {
          errors = runtime.checkStatements();
        }
      }
    }
    if (format == Format.json) {
      printJson(out, errors);
    } else if (errors.isEmpty()) {
      ConfigSnapshot s = ((GatewayRuntime.Result.Built) result).runtime().snapshot();
      out.printf(
          "%s: OK — %d routes in %d files, config hash %s%n",
          s.files().get(0), s.routes().size(), s.files().size(), s.hash());
    } else {
      Loaded.printErrors(out, errors);
    }
    out.flush();
    return errors.isEmpty() ? 0 : 1;
  }

  private static void printJson(PrintWriter out, List<ConfigError> errors) throws IOException {
    // the generator must not close out (and stdout with it): the newline below is written after it
    try (JsonGenerator g =
        new JsonFactory()
            .createGenerator(out)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .useDefaultPrettyPrinter()) {
      g.writeStartArray();
      for (ConfigError e : errors) {
        g.writeStartObject();
        g.writeStringField("file", e.file());
        g.writeNumberField("line", e.line());
        g.writeNumberField("column", e.column());
        g.writeStringField("pointer", e.pointer());
        g.writeStringField("message", e.message());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    out.println();
  }
}
