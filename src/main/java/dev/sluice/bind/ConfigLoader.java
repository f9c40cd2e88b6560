package dev.sluice.bind;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.bind.middleware.BindingContext;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.bind.yaml.YamlDocument;
import dev.sluice.files.FileReading;
import dev.sluice.files.UnreadableFileException;
import dev.sluice.schema.SchemaValidator;
import dev.sluice.spec.ConfigError;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.GatewaySpec;
import dev.sluice.spec.Origin;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.StackSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads gateway.yaml and every route file it names into one {@link ConfigSnapshot}: each file is
 * parsed with line and column, checked against its JSON Schema, bound to records, and then checked
 * across files. Every error is collected; nothing stops at the first.
 */
public final class ConfigLoader {
  private final Environment env;

  public ConfigLoader(Environment env) {
    this.env = env;
  }

  /**
   * Starts compiling the configuration's schemas on a daemon thread, so that a command which will
   * load the configuration does it while its command line is still being parsed (start-up:
   * docs/benchmarks.md); the main thread needs neither the schema library nor JSON meanwhile.
   * Optional: the first load waits for it (a class is initialised once, and any other thread that
   * needs it waits until that is done), or compiles them itself when it was not called. Were
   * compiling to fail (a build bug), the load reports it.
   */
  public static void prepareInBackground() {
    // The class literal loads ConfigSchemas without initialising it; using one of its fields
    // here would compile the schemas on this thread.
    String name = ConfigSchemas.class.getName();
    ClassLoader loader = ConfigSchemas.class.getClassLoader();
    var unused =
        Thread.ofPlatform()
            .daemon()
            .name("sluice-schemas")
            .start(
                () -> {
                  try {
                    Class.forName(name, true, loader);
                  } catch (ClassNotFoundException | LinkageError e) {
                    // the load that needs the schemas reports it
                  }
                });
  }

  /**
   * Loads the config at {@code configFile}.
   *
   * @throws UnreadableFileException when gateway.yaml itself is missing, a directory or unreadable
   */
  public LoadResult load(Path configFile) throws UnreadableFileException {
    List<ConfigError> errors = new ArrayList<>();
    Optional<YamlDocument> gatewayDoc =
        YamlDocument.load(configFile, FileReading.displayName(configFile), env, errors);
    if (gatewayDoc.isEmpty()) {
      return new LoadResult.Invalid(errors);
    }
    YamlDocument gw = gatewayDoc.get();
    Set<String> gatewayErrors = pointers(check(gw, ConfigSchemas.GATEWAY, errors));
    boolean gatewayValid = gatewayErrors.isEmpty();
    // Stack names come from the tree as written, so route files are checked against them even
    // when gateway.yaml has errors of its own: one run reports everything. So are the stacks'
    // middleware arguments, and what arguments refer to (rate-limit policies) where it is valid.
    Set<String> stackNames = new LinkedHashSet<>();
    gw.root().path("stacks").fieldNames().forEachRemaining(stackNames::add);
    Set<String> datasourceNames = new LinkedHashSet<>();
    gw.root().path("datasources").fieldNames().forEachRemaining(datasourceNames::add);
    BindingContext middleware = GatewayFacts.read(gw, gatewayErrors::contains);
    List<ConfigError> stackErrors = new ArrayList<>();
    Map<String, StackSpec> stacks =
        MiddlewareBinder.stacks(gw, middleware, gatewayErrors::contains, stackErrors);
    Set<String> upstreamNames = new LinkedHashSet<>();
    Map<String, dev.sluice.spec.UpstreamSpec> upstreams =
        UpstreamBinder.bind(
            gw,
            configFile.toAbsolutePath().getParent(),
            gatewayErrors::contains,
            upstreamNames,
            stackErrors);
    RouteBinder.Names names =
        new RouteBinder.Names(stackNames, datasourceNames, middleware, upstreamNames, upstreams);
    List<RouteSpec> routes = new ArrayList<>();
    List<RouteKey> keys = new ArrayList<>();
    Map<Path, YamlDocument> docs = new LinkedHashMap<>();
    docs.put(configFile, gw);
    loadRouteFiles(gw, configFile, errors, new Bound(routes, keys), docs, names);
    Set<Origin> clashing = CrossChecks.check(keys, errors);
    if (!gatewayValid) {
      errors.addAll(stackErrors);
      return new LoadResult.Invalid(errors);
    }
    GatewaySpec gateway = GatewayBinder.bind(gw, configFile, stacks, upstreams, errors);
    CrossChecks.metrics(gateway, keys, gw, errors);
    // A stack's middleware arguments are gateway.yaml's errors that still let the routes be built
    // (without the broken middleware) for their handlers' errors.
    boolean gatewayBroken = errors.stream().anyMatch(e -> e.file().equals(gw.file()));
    errors.addAll(stackErrors);
    List<String> files = docs.values().stream().map(YamlDocument::file).toList();
    String hash = hash(configFile, docs);
    if (errors.isEmpty()) {
      return new LoadResult.Loaded(new ConfigSnapshot(gateway, routes, files, hash));
    }
    // Only gateway.yaml's own errors stop the valid routes from being built for their errors too.
    // One router cannot hold two routes of one shape (or id): a route that clashes is built in a
    // snapshot of its own.
    if (gatewayBroken) {
      return new LoadResult.Invalid(errors);
    }
    List<ConfigSnapshot> buildable = new ArrayList<>();
    buildable.add(
        new ConfigSnapshot(
            gateway,
            routes.stream().filter(r -> !clashing.contains(r.origin())).toList(),
            files,
            hash));
    routes.stream()
        .filter(r -> clashing.contains(r.origin()))
        .forEach(r -> buildable.add(new ConfigSnapshot(gateway, List.of(r), files, hash)));
    return new LoadResult.Invalid(errors, buildable);
  }

  /**
   * The directories whose changes can change what {@code gateway} loads: gateway.yaml's own, and
   * for each {@code route-files:} entry the directory it names or its glob's leading directories (a
   * key {@code true} when the glob spans subdirectories). A file watcher watches these.
   */
  public static java.util.Map<Path, Boolean> watchedDirectories(GatewaySpec gateway) {
    Path baseDir = gateway.file().toAbsolutePath().getParent();
    java.util.Map<Path, Boolean> dirs = new java.util.LinkedHashMap<>();
    dirs.put(baseDir.normalize(), false);
    for (String entry : gateway.routeFiles()) {
      RouteFiles.Root root = RouteFiles.root(baseDir, entry);
      dirs.merge(root.dir(), root.recursive(), Boolean::logicalOr);
    }
    return dirs;
  }

  /**
   * Adds the schema's errors for a document, leaving out those at a place that already has an error
   * from loading (an unset ${VAR} need not also be "expected integer"). Returns every error of the
   * document, loading and schema, so the caller can bind what is valid.
   */
  private static List<ConfigError> check(
      YamlDocument doc, SchemaValidator schema, List<ConfigError> errors) {
    List<ConfigError> docErrors = new ArrayList<>();
    Set<String> loadErrorPointers = new java.util.HashSet<>();
    for (ConfigError e : errors) {
      if (e.file().equals(doc.file())) {
        loadErrorPointers.add(e.pointer());
        docErrors.add(e);
      }
    }
    List<ConfigError> schemaErrors =
        doc.validate(schema).stream()
            .filter(e -> !loadErrorPointers.contains(e.pointer()))
            .map(e -> namingTheVariable(doc, e))
            .toList();
    errors.addAll(schemaErrors);
    docErrors.addAll(schemaErrors);
    return docErrors;
  }

  private static Set<String> pointers(List<ConfigError> errors) {
    Set<String> pointers = new java.util.HashSet<>();
    errors.forEach(e -> pointers.add(e.pointer()));
    return pointers;
  }

  /** Why a route-files entry could not be expanded, in one line. */
  private static String whyNotListed(Exception e) {
    if (e instanceof java.util.regex.PatternSyntaxException p) {
      return "the pattern is malformed: "
          + p.getDescription()
          + " at character "
          + (p.getIndex() + 1);
    }
    if (e instanceof java.nio.file.AccessDeniedException a) {
      return a.getFile() + ": permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      return f.getFile() + ": " + f.getReason();
    }
    String m = e.getMessage() == null ? "" : e.getMessage().strip();
    return m.lines().findFirst().orElse("unreadable");
  }

  /** The error, saying where the value came from when it was a {@code ${VAR}} substitution. */
  private static ConfigError namingTheVariable(YamlDocument doc, ConfigError e) {
    return doc.substitutedFrom(e.pointer())
        .map(
            raw ->
                new ConfigError(
                    e.file(),
                    e.line(),
                    e.column(),
                    e.pointer(),
                    e.message() + " (the value comes from " + raw + ")"))
        .orElse(e);
  }

  private void loadRouteFiles(
      YamlDocument gw,
      Path configFile,
      List<ConfigError> errors,
      Bound bound,
      Map<Path, YamlDocument> docs,
      RouteBinder.Names names) {
    Path baseDir = configFile.toAbsolutePath().getParent();
    JsonNode entries = gw.root().path("route-files");
    if (!entries.isArray()) {
      return; // a mapping or a scalar: the schema's error says route-files is a list
    }
    Set<Path> seen = new LinkedHashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      if (!entry.isTextual()) {
        continue;
      }
      String pointer = "/route-files/" + i;
      List<Path> files;
      try {
        files = RouteFiles.expand(baseDir, entry.asText());
      } catch (IOException | RuntimeException e) {
        errors.add(gw.origin(pointer).error("cannot list route files: " + whyNotListed(e)));
        continue;
      }
      if (files.isEmpty()) {
        errors.add(
            gw.origin(pointer)
                .error(
                    "no route file matches \""
                        + entry.asText()
                        + "\" (relative to "
                        + FileReading.displayName(baseDir)
                        + ")"));
      }
      for (Path file : files) {
        if (seen.add(file)) {
          loadRouteFile(gw, pointer, file, errors, bound, docs, names);
        }
      }
    }
  }

  private void loadRouteFile(
      YamlDocument gw,
      String pointer,
      Path file,
      List<ConfigError> errors,
      Bound bound,
      Map<Path, YamlDocument> docs,
      RouteBinder.Names names) {
    try {
      Optional<YamlDocument> doc =
          YamlDocument.load(file, FileReading.displayName(file), env, errors);
      if (doc.isEmpty()) {
        return;
      }
      docs.put(file, doc.get());
      List<ConfigError> docErrors = check(doc.get(), ConfigSchemas.ROUTE, errors);
      Set<String> errorPointers = pointers(docErrors);
      Set<Integer> withErrors = new java.util.HashSet<>();
      JsonNode entries = doc.get().root().path("routes");
      for (int i = 0; entries.isArray() && i < entries.size(); i++) {
        String at = "/routes/" + i;
        bound.keys().add(RouteKey.read(doc.get(), at, errorPointers::contains));
        if (errorPointers.stream().anyMatch(p -> p.equals(at) || p.startsWith(at + "/"))) {
          withErrors.add(i);
          RouteBinder.checkUnbound(doc.get(), at, names, errors, errorPointers::contains);
        }
      }
      // A route with a schema error is not bound; the others are, so that their own mistakes
      // (unknown stack, undeclared parameter) show up in the same run.
      if (docErrors.stream()
          .noneMatch(e -> e.pointer().isEmpty() || e.pointer().equals("/routes"))) {
        bound
            .routes()
            .addAll(RouteBinder.bind(doc.get(), names, errors, i -> !withErrors.contains(i)));
      }
    } catch (UnreadableFileException e) {
      errors.add(gw.origin(pointer).error(e.getMessage()));
    }
  }

  /** The routes bound so far, and the id, method and path of every route read, bound or not. */
  private record Bound(List<RouteSpec> routes, List<RouteKey> keys) {}

  /**
   * What the files say and where they are relative to gateway.yaml's directory (as {@code
   * routes/a.yaml}), in load order: the same from any working directory and for any spelling of the
   * config path, different when a file is renamed, moved or changed.
   */
  private static String hash(Path configFile, Map<Path, YamlDocument> docs) {
    Path baseDir = configFile.toAbsolutePath().normalize().getParent();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Map.Entry<Path, YamlDocument> e : docs.entrySet()) {
        Path relative = baseDir.relativize(e.getKey().toAbsolutePath().normalize());
        String name = relative.toString().replace(java.io.File.separatorChar, '/');
        YamlDocument doc = e.getValue();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(doc.bytes());
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
