package dev.sluice.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.sluice.bind.ConfigLoader;
import dev.sluice.bind.LoadResult;
import dev.sluice.bind.yaml.Environment;
import dev.sluice.spec.AdminSpec;
import dev.sluice.spec.ConfigSnapshot;
import dev.sluice.spec.RouteSpec;
import dev.sluice.spec.ServerSpec;
import dev.sluice.spec.TelemetrySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The kustomize base (deploy/k8s) as {@code kubectl kustomize} renders it, checked against what the
 * pods will actually run: the image the Dockerfile builds (its environment and USER) and the config
 * the pods load — the rendered ConfigMaps, laid out on disk as a ConfigMap volume lays them out
 * ({@code ..data} symlinks) and loaded by Sluice's own config loader with the Deployment's
 * environment. So a probe path, a port, the drain time or the uid cannot drift from the config and
 * the image without this test saying so.
 */
class KubernetesManifestsIT {
  private static final Path ROOT = Path.of("").toAbsolutePath();
  private static final Map<String, Map<String, Object>> RENDERED = new LinkedHashMap<>();
  private static Dockerfile image;
  private static Path volumes;
  private static ConfigSnapshot config;

  /** What an operator's Secret sluice-api-key holds (the base's holds none): a key's SHA-256. */
  static final String STAND_IN_KEY_SHA256 = "0".repeat(63) + "1";

  private static Map<String, String> podEnv;

  @BeforeAll
  static void renderAndLoad() throws Exception {
    Path kubectl =
        Command.require("kubectl", "it renders the manifests (kubectl kustomize deploy/k8s)");
    Command r = Command.run(kubectl.toString(), "kustomize", "deploy/k8s");
    assertThat(r.both(), r.code(), is(0));
    for (Object doc : new Yaml().loadAll(r.out())) {
      Map<String, Object> m = map(doc);
      RENDERED.put(m.get("kind") + "/" + map(m.get("metadata")).get("name"), m);
    }
    image = Dockerfile.read(ROOT.resolve("Dockerfile"));

    // The pod's filesystem as far as the config is concerned: the image's files, and the two
    // ConfigMap volumes at their mount paths, in the layout the kubelet writes.
    volumes = Files.createTempDirectory("sluice-k8s");
    Path sluiceHome = volumes.resolve("opt/sluice");
    Files.createDirectories(sluiceHome);
    for (String dir : List.of("examples", "schemas")) {
      Files.createSymbolicLink(sluiceHome.resolve(dir), ROOT.resolve(dir));
    }
    for (Map<String, Object> mount : list(container().get("volumeMounts"))) {
      Map<String, Object> volume = volume((String) mount.get("name"));
      if (volume.containsKey("configMap")) {
        String name = (String) map(volume.get("configMap")).get("name");
        configMapVolume(
            volumes.resolve(((String) mount.get("mountPath")).substring(1)), data(name));
      }
    }
    podEnv = new HashMap<>(image.env());
    podEnv.putAll(containerEnv());
    Map<String, String> env = new HashMap<>(podEnv);
    env.put("SLUICE_API_KEY_SHA256", STAND_IN_KEY_SHA256);
    LoadResult loaded = new ConfigLoader(Environment.of(env)).load(configFile());
    assertThat(
        "the config the pods load, as mounted: " + loaded,
        loaded,
        org.hamcrest.Matchers.instanceOf(LoadResult.Loaded.class));
    config = ((LoadResult.Loaded) loaded).snapshot();
  }

  @AfterAll
  static void removeVolumes() throws IOException {
    if (volumes != null) {
      try (Stream<Path> files = Files.walk(volumes)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void theBaseRendersEveryObject() {
    assertThat(
        RENDERED.keySet(),
        containsInAnyOrder(
            "Deployment/sluice",
            "Service/sluice",
            "ConfigMap/sluice-config",
            "ConfigMap/sluice-routes",
            "Secret/sluice-db",
            "Secret/sluice-api-key",
            "PodDisruptionBudget/sluice",
            "HorizontalPodAutoscaler/sluice"));
  }

  @Test
  void twoReplicasRunTheImagesOwnEntrypoint() {
    assertThat(spec("Deployment/sluice").get("replicas"), is(2));
    Map<String, Object> c = container();
    assertThat("the image's ENTRYPOINT and CMD (serve) run", c.get("command"), nullValue());
    assertThat(c.get("args"), nullValue());
    assertThat((String) c.get("image"), org.hamcrest.Matchers.startsWith("localhost/sluice:"));
  }

  @Test
  void theServerListensOnEveryInterfaceOnTheContainerPort() {
    ServerSpec server = config.gateway().server();
    assertThat(
        "a pod must listen beyond loopback: " + server.host(),
        Set.of("0.0.0.0", "::").contains(server.host()),
        is(true));
    assertThat(containerPort("http"), is(server.port()));
    assertThat("the image EXPOSEs the traffic port", image.exposed(), hasItem(server.port()));
  }

  @Test
  void probesAskTheGatewaysOwnHealthPathsOnTheTrafficPort() {
    // The traffic listener serves /healthz and /readyz (no route may take them), UP or DOWN only;
    // the probes ask the listener the clients use, the port the config gives the server.
    Map<String, Object> c = container();
    assertThat(httpGet(c, "startupProbe"), is(Map.of("path", "/healthz", "port", "http")));
    assertThat(httpGet(c, "readinessProbe"), is(Map.of("path", "/readyz", "port", "http")));
    assertThat(httpGet(c, "livenessProbe"), is(Map.of("path", "/healthz", "port", "http")));
    assertThat(containerPort("http"), is(config.gateway().server().port()));
    Map<String, Object> startup = map(c.get("startupProbe"));
    assertThat(
        "a cold start gets at least 30 s before liveness takes over",
        (int) startup.get("periodSeconds") * (int) startup.get("failureThreshold"),
        greaterThanOrEqualTo(30));
    // readiness must see the drain's 503 well within the drain delay
    Map<String, Object> ready = map(c.get("readinessProbe"));
    long drain = config.gateway().server().drainDelay().toSeconds();
    assertThat(
        (int) ready.get("periodSeconds") * (int) ready.get("failureThreshold") <= drain, is(true));
  }

  @Test
  void theKubeletWaitsLongerThanTheDrainBeforeItKills() {
    ServerSpec server = config.gateway().server();
    long drainAndGrace = server.drainDelay().plus(server.grace()).toSeconds();
    int termination = (int) podSpec().get("terminationGracePeriodSeconds");
    assertThat(
        "terminationGracePeriodSeconds vs drain-delay + grace (" + drainAndGrace + " s)",
        termination,
        greaterThan((int) drainAndGrace));
  }

  @Test
  void prometheusAnnotationsNameTheMetricsEndpoint() {
    TelemetrySpec.Metrics metrics = config.gateway().telemetry().metrics();
    assertThat(metrics.enabled(), is(true));
    Map<String, Object> annotations =
        map(map(map(spec("Deployment/sluice").get("template")).get("metadata")).get("annotations"));
    assertThat(annotations, hasEntry("prometheus.io/scrape", "true"));
    assertThat(annotations, hasEntry("prometheus.io/path", metrics.path()));
    int port = metrics.port().orElse(config.gateway().server().port());
    assertThat(annotations, hasEntry("prometheus.io/port", String.valueOf(port)));
    assertThat("the image EXPOSEs the metrics port", image.exposed(), hasItem(port));
    assertThat(
        "a metrics listener of its own, which Prometheus reaches from another pod: "
            + metrics.host(),
        metrics.ownPort().isPresent() && Set.of("0.0.0.0", "::").contains(metrics.host()),
        is(true));
    assertThat(containerPort("metrics"), is(port));
  }

  @Test
  void theAdminApiStaysOnThePodsLoopback() {
    AdminSpec admin =
        config
            .gateway()
            .admin()
            .orElseThrow(() -> new AssertionError("the shipped config has an admin listener"));
    assertThat(
        "the admin API has no stack: loopback only (" + admin.host() + ")",
        dev.sluice.net.IpAddress.isLoopbackHost(admin.host()),
        is(true));
    for (Map<String, Object> p : list(container().get("ports"))) {
      assertThat(
          "not a container port: nothing outside the pod reaches it",
          p.get("containerPort"),
          not(is(admin.port())));
    }
    assertThat("the image EXPOSEs the admin port", image.exposed(), hasItem(admin.port()));
  }

  @Test
  void anEditedConfigMapIsReloadedFromTheWatchedMountDirectories() {
    // The kubelet updates a ConfigMap volume by swapping its ..data link in the mount directory:
    // the watcher must watch those directories (not a file, nor the link's target).
    assertThat("reload.watch", config.gateway().reload().watch(), is(true));
    Set<Path> watched = ConfigLoader.watchedDirectories(config.gateway()).keySet();
    for (String configMap : List.of("sluice-config", "sluice-routes")) {
      assertThat(configMap, watched, hasItem(inPod(mountPathOf(configMap))));
    }
  }

  @Test
  void theApiKeyHashComesFromASecretThatShipsNoKey() throws Exception {
    Map<String, Object> key = find(container().get("env"), "name", "SLUICE_API_KEY_SHA256");
    assertThat("not a literal in the Deployment", key.get("value"), nullValue());
    Map<String, Object> ref = map(map(key.get("valueFrom")).get("secretKeyRef"));
    assertThat(ref.get("name"), is("sluice-api-key"));
    assertThat(
        "the base holds no key that would work",
        stringData("sluice-api-key").get((String) ref.get("key")),
        is(""));
    // As the base is, the pods refuse their config and say why.
    LoadResult asShipped = new ConfigLoader(Environment.of(podEnv)).load(configFile());
    assertThat(asShipped, org.hamcrest.Matchers.instanceOf(LoadResult.Invalid.class));
    assertThat(
        String.valueOf(((LoadResult.Invalid) asShipped).errors()),
        org.hamcrest.Matchers.containsString("SLUICE_API_KEY_SHA256"));
  }

  @Test
  void podSecurityIsRestricted() {
    Map<String, Object> pod = map(podSpec().get("securityContext"));
    assertThat(pod.get("runAsNonRoot"), is(true));
    assertThat("the image's USER", pod.get("runAsUser"), is(image.uid()));
    assertThat(pod.get("runAsGroup"), is(image.uid()));
    assertThat(map(pod.get("seccompProfile")).get("type"), is("RuntimeDefault"));
    assertThat(podSpec().get("automountServiceAccountToken"), is(false));
    Map<String, Object> c = map(container().get("securityContext"));
    assertThat(c.get("runAsNonRoot"), is(true));
    assertThat(c.get("allowPrivilegeEscalation"), is(false));
    assertThat(c.get("readOnlyRootFilesystem"), is(true));
    assertThat(map(c.get("capabilities")).get("drop"), is(List.of("ALL")));
    assertThat(map(c.get("seccompProfile")).get("type"), is("RuntimeDefault"));
    assertThat(c.get("privileged"), nullValue());
  }

  @Test
  void theReadOnlyRootHasAWritableTmp() {
    Map<String, Object> tmp = find(container().get("volumeMounts"), "mountPath", "/tmp");
    assertThat(volume((String) tmp.get("name")).get("emptyDir"), notNullValue());
    assertThat(tmp.get("readOnly"), not(is(true)));
  }

  @Test
  void configAndRoutesAreWholeDirectoriesFromConfigMapsHoldingTheShippedFiles() throws Exception {
    for (Map<String, Object> mount : list(container().get("volumeMounts"))) {
      assertThat(
          "subPath never sees a ConfigMap update: " + mount, mount.get("subPath"), nullValue());
    }
    // The config file the image's SLUICE_CONFIG names is in the mounted ConfigMap, and the route
    // files the config names were read from the routes ConfigMap (through its symlinks).
    String configPath = image.env().get("SLUICE_CONFIG");
    assertThat(mountPathOf("sluice-config"), is(Path.of(configPath).getParent().toString()));
    Set<String> ids = config.routes().stream().map(RouteSpec::id).collect(Collectors.toSet());
    for (Path file : routeFiles(ROOT.resolve("routes"))) {
      for (Object route : list(map(new Yaml().load(Files.readString(file))).get("routes"))) {
        assertThat(ids, hasItem((String) ((Map<?, ?>) route).get("id")));
      }
    }
    // The ConfigMaps hold the repository's files, byte for byte: deploy/k8s keeps copies
    // (kustomize reads nothing outside its directory), and this is what keeps them the same.
    String hint =
        " (copy config/gateway.yaml and routes/*.yaml into deploy/k8s/, and list each"
            + " route file in deploy/k8s/kustomization.yaml)";
    assertThat(
        "ConfigMap sluice-config" + hint,
        data("sluice-config"),
        is(Map.of("gateway.yaml", read(ROOT.resolve("config/gateway.yaml")))));
    Map<String, String> routes = new LinkedHashMap<>();
    for (Path file : routeFiles(ROOT.resolve("routes"))) {
      routes.put(file.getFileName().toString(), read(file));
    }
    assertThat("ConfigMap sluice-routes" + hint, data("sluice-routes"), is(routes));
  }

  @Test
  void theDatabasePasswordComesFromTheSecret() {
    Map<String, Object> password = find(container().get("env"), "name", "SLUICE_DB_PASSWORD");
    assertThat("not a literal in the Deployment", password.get("value"), nullValue());
    Map<String, Object> ref = map(map(password.get("valueFrom")).get("secretKeyRef"));
    assertThat(ref.get("name"), is("sluice-db"));
    assertThat(stringData("sluice-db"), org.hamcrest.Matchers.hasKey((String) ref.get("key")));
    assertThat(
        "the pods use PostgreSQL, not each its own embedded database",
        config.gateway().datasources().get("main").embedded(),
        is(false));
  }

  @Test
  void memoryIsGuaranteedAndCpuRequested() {
    Map<String, Object> resources = map(container().get("resources"));
    Map<String, Object> requests = map(resources.get("requests"));
    Map<String, Object> limits = map(resources.get("limits"));
    assertThat(limits.get("memory"), is("256Mi"));
    assertThat(
        "requests = limits: the JVM sizes itself from the limit",
        requests.get("memory"),
        is(limits.get("memory")));
    assertThat("the autoscaler works on the CPU request", requests.get("cpu"), notNullValue());
    assertThat("no CPU limit: a throttled JVM stalls", limits.get("cpu"), nullValue());
  }

  @Test
  void serviceDisruptionBudgetAndAutoscalerSelectTheDeploymentsPods() {
    Map<String, Object> deployment = spec("Deployment/sluice");
    Map<String, Object> podLabels =
        map(map(map(deployment.get("template")).get("metadata")).get("labels"));
    Map<String, Object> selector = map(map(deployment.get("selector")).get("matchLabels"));
    assertThat(podLabels.entrySet().containsAll(selector.entrySet()), is(true));

    Map<String, Object> service = spec("Service/sluice");
    assertThat(podLabels.entrySet().containsAll(map(service.get("selector")).entrySet()), is(true));
    assertThat(map(service.get("selector")), is(not(aMapWithSize(0))));
    assertThat(map(list(service.get("ports")).get(0)).get("targetPort"), is("http"));

    Map<String, Object> pdb = spec("PodDisruptionBudget/sluice");
    Map<String, Object> pdbSelector = map(map(pdb.get("selector")).get("matchLabels"));
    assertThat(pdbSelector, is(not(aMapWithSize(0))));
    assertThat(podLabels.entrySet().containsAll(pdbSelector.entrySet()), is(true));
    assertThat(
        "a drain leaves a replica serving",
        (int) pdb.get("minAvailable"),
        is((int) deployment.get("replicas") - 1));

    Map<String, Object> hpa = spec("HorizontalPodAutoscaler/sluice");
    assertThat(map(hpa.get("scaleTargetRef")).get("kind"), is("Deployment"));
    assertThat(map(hpa.get("scaleTargetRef")).get("name"), is("sluice"));
    assertThat(hpa.get("minReplicas"), is(deployment.get("replicas")));
    assertThat((int) hpa.get("maxReplicas"), greaterThan((int) hpa.get("minReplicas")));
  }

  @Test
  void noVolumeIsMountedTwiceAndEveryMountHasAVolume() {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> mount : list(container().get("volumeMounts"))) {
      names.add((String) mount.get("name"));
      volume((String) mount.get("name"));
    }
    assertThat(names.stream().distinct().count(), is((long) names.size()));
    assertThat(list(podSpec().get("initContainers")), is(empty()));
  }

  // --- the rendered objects ------------------------------------------------------------------

  private static Map<String, Object> spec(String kindAndName) {
    Map<String, Object> object = RENDERED.get(kindAndName);
    assertThat("rendered " + kindAndName, object, notNullValue());
    return map(object.get("spec"));
  }

  private static Map<String, Object> podSpec() {
    return map(map(spec("Deployment/sluice").get("template")).get("spec"));
  }

  private static Map<String, Object> container() {
    List<Map<String, Object>> containers = list(podSpec().get("containers"));
    assertThat(containers.size(), is(1));
    return containers.get(0);
  }

  private static Map<String, Object> volume(String name) {
    return find(podSpec().get("volumes"), "name", name);
  }

  /** The first of {@code items} whose {@code key} is {@code value}. */
  private static Map<String, Object> find(Object items, String key, String value) {
    return list(items).stream()
        .filter(m -> value.equals(m.get(key)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("none with " + key + " " + value + " in " + items));
  }

  private static String mountPathOf(String configMap) {
    for (Map<String, Object> mount : list(container().get("volumeMounts"))) {
      Map<String, Object> v = volume((String) mount.get("name"));
      if (v.containsKey("configMap") && configMap.equals(map(v.get("configMap")).get("name"))) {
        return (String) mount.get("mountPath");
      }
    }
    throw new AssertionError("ConfigMap " + configMap + " is not mounted");
  }

  private static int containerPort(String name) {
    return (Integer) find(container().get("ports"), "name", name).get("containerPort");
  }

  private static Map<String, Object> httpGet(Map<String, Object> c, String probe) {
    assertThat(probe, c.get(probe), notNullValue());
    Map<String, Object> get = map(map(c.get(probe)).get("httpGet"));
    return Map.of("path", get.get("path"), "port", get.get("port"));
  }

  /** The container's environment: literal values, and Secret references resolved. */
  private static Map<String, String> containerEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> e : list(container().get("env"))) {
      String name = (String) e.get("name");
      if (e.containsKey("value")) {
        env.put(name, String.valueOf(e.get("value")));
      } else {
        Map<String, Object> ref = map(map(e.get("valueFrom")).get("secretKeyRef"));
        env.put(name, stringData((String) ref.get("name")).get(ref.get("key")));
      }
    }
    return env;
  }

  /** A rendered ConfigMap's data. */
  private static Map<String, String> data(String configMap) {
    return strings("ConfigMap/" + configMap, "data");
  }

  /** A rendered Secret's stringData. */
  private static Map<String, String> stringData(String secret) {
    return strings("Secret/" + secret, "stringData");
  }

  private static Map<String, String> strings(String kindAndName, String field) {
    Map<String, Object> object = RENDERED.get(kindAndName);
    assertThat("rendered " + kindAndName, object, notNullValue());
    Map<String, String> values = new LinkedHashMap<>();
    map(object.get(field)).forEach((k, v) -> values.put(k, (String) v));
    return values;
  }

  /**
   * Writes {@code files} into {@code dir} as the kubelet does for a ConfigMap volume: the files in
   * a timestamped directory, {@code ..data} linking to it, and each name linking through {@code
   * ..data}.
   */
  private static void configMapVolume(Path dir, Map<String, String> files) throws IOException {
    Path stamped = dir.resolve("..2026_01_01_00_00_00.000000001");
    Files.createDirectories(stamped);
    Files.createSymbolicLink(dir.resolve("..data"), stamped.getFileName());
    for (Map.Entry<String, String> f : files.entrySet()) {
      Files.writeString(stamped.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
      Files.createSymbolicLink(dir.resolve(f.getKey()), Path.of("..data", f.getKey()));
    }
  }

  private static Path configFile() {
    return inPod(podEnv.get("SLUICE_CONFIG"));
  }

  private static Path inPod(String absolute) {
    return volumes.resolve(absolute.substring(1));
  }

  private static List<Path> routeFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object o) {
    return o == null ? List.of() : (List<Map<String, Object>>) o;
  }
}
