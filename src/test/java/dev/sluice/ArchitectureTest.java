package dev.sluice;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/architecture.md, enforced: an import only ever points down this list, and no
 * two packages depend on each other.
 *
 * <pre>
 * leaves   units, net, router, sqltext, problem, log, files   (no Sluice imports at all)
 * spec     immutable records of what the files say
 * schema   JSON Schema validation with Sluice's messages (config files and request bodies)
 * bind     file → spec: YAML with positions, schemas, cross-checks
 * runtime  one object per configuration; inside it, from the bottom:
 *            runtime.http (the exchange, handler and middleware types)
 *            runtime.telemetry, then runtime.ratelimit
 *            the handlers (runtime.sql, runtime.staticresponse, runtime.proxy) and runtime.middleware
 *            runtime (the runtime object and its compiled routes)
 * server   the listeners, health, metrics
 * cli      the commands; Main
 * </pre>
 */
@AnalyzeClasses(packages = "dev.sluice", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String[] LEAVES = {
    "units", "net", "router", "sqltext", "problem", "log", "files"
  };

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("dev.sluice.(**)").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule importsPointDown =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("units")
          .definedBy("dev.sluice.units..")
          .layer("net")
          .definedBy("dev.sluice.net..")
          .layer("router")
          .definedBy("dev.sluice.router..")
          .layer("sqltext")
          .definedBy("dev.sluice.sqltext..")
          .layer("problem")
          .definedBy("dev.sluice.problem..")
          .layer("log")
          .definedBy("dev.sluice.log..")
          .layer("files")
          .definedBy("dev.sluice.files..")
          .layer("spec")
          .definedBy("dev.sluice.spec..")
          .layer("schema")
          .definedBy("dev.sluice.schema..")
          .layer("bind")
          .definedBy("dev.sluice.bind..")
          .layer("runtime.http")
          .definedBy("dev.sluice.runtime.http..")
          .layer("runtime.telemetry")
          .definedBy("dev.sluice.runtime.telemetry..")
          .layer("runtime.ratelimit")
          .definedBy("dev.sluice.runtime.ratelimit..")
          .layer("runtime.handlers")
          .definedBy(
              "dev.sluice.runtime.sql..",
              "dev.sluice.runtime.staticresponse..",
              "dev.sluice.runtime.proxy..")
          .layer("runtime.middleware")
          .definedBy("dev.sluice.runtime.middleware..")
          .layer("runtime")
          .definedBy("dev.sluice.runtime")
          .layer("server")
          .definedBy("dev.sluice.server..")
          .layer("cli")
          .definedBy("dev.sluice.cli..", "dev.sluice")
          .whereLayer("units")
          .mayNotAccessAnyLayer()
          .whereLayer("net")
          .mayNotAccessAnyLayer()
          .whereLayer("router")
          .mayNotAccessAnyLayer()
          .whereLayer("sqltext")
          .mayNotAccessAnyLayer()
          .whereLayer("problem")
          .mayNotAccessAnyLayer()
          .whereLayer("log")
          .mayNotAccessAnyLayer()
          .whereLayer("files")
          .mayNotAccessAnyLayer()
          .whereLayer("spec")
          .mayOnlyAccessLayers(LEAVES)
          .whereLayer("schema")
          .mayOnlyAccessLayers(with(LEAVES, "spec"))
          .whereLayer("bind")
          .mayOnlyAccessLayers(with(LEAVES, "spec", "schema"))
          .whereLayer("runtime.http")
          .mayOnlyAccessLayers(with(LEAVES, "spec"))
          .whereLayer("runtime.telemetry")
          .mayOnlyAccessLayers(with(LEAVES, "spec", "runtime.http"))
          .whereLayer("runtime.ratelimit")
          .mayOnlyAccessLayers(with(LEAVES, "spec", "runtime.http", "runtime.telemetry"))
          .whereLayer("runtime.handlers")
          .mayOnlyAccessLayers(with(LEAVES, "spec", "runtime.http", "runtime.telemetry"))
          .whereLayer("runtime.middleware")
          .mayOnlyAccessLayers(
              with(
                  LEAVES,
                  "spec",
                  "schema",
                  "runtime.http",
                  "runtime.telemetry",
                  "runtime.ratelimit"))
          .whereLayer("runtime")
          .mayOnlyAccessLayers(
              with(
                  LEAVES,
                  "spec",
                  "schema",
                  "runtime.http",
                  "runtime.telemetry",
                  "runtime.ratelimit",
                  "runtime.handlers",
                  "runtime.middleware"))
          .whereLayer("server")
          .mayOnlyAccessLayers(
              with(
                  LEAVES,
                  "spec",
                  "schema",
                  "bind",
                  "runtime.http",
                  "runtime.telemetry",
                  "runtime.ratelimit",
                  "runtime.handlers",
                  "runtime.middleware",
                  "runtime"));

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }
}
