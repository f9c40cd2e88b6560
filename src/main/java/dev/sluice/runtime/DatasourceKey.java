package dev.sluice.runtime;

import dev.sluice.spec.DatasourceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings that make a datasource: a reload reuses the datasource (and its pool, or its
 * pipelined connections) while they stay the same, wherever in gateway.yaml they are written. Never
 * printed with its password.
 */
record DatasourceKey(
    String name,
    String url,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    Duration statementTimeout,
    Optional<List<Path>> embeddedInit,
    DatasourceSpec.Driver driver,
    DatasourceSpec.Pipelined pipelined) {

  static DatasourceKey of(DatasourceSpec s) {
    return new DatasourceKey(
        s.name(),
        s.url(),
        s.user(),
        s.password(),
        s.poolSize(),
        s.connectionTimeout(),
        s.statementTimeout(),
        s.embeddedInit(),
        s.driver(),
        s.pipelined());
  }

  @Override
  public String toString() {
    return "datasource " + name;
  }
}
