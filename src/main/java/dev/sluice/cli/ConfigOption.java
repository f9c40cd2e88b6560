package dev.sluice.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -c FILE}; without it {@code $SLUICE_CONFIG}, then {@code config/gateway.yaml}. */
final class ConfigOption {
  static final String DEFAULT = "config/gateway.yaml";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "gateway.yaml to use (default: $SLUICE_CONFIG, else " + DEFAULT + ")")
  String file;

  Path path() {
    if (file != null) {
      return Path.of(file);
    }
    String env = System.getenv("SLUICE_CONFIG");
    return Path.of(env != null && !env.isBlank() ? env : DEFAULT);
  }
}
