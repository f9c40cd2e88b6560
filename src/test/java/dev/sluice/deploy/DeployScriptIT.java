package dev.sluice.deploy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code scripts/deploy.sh} as a process, on a PATH that has every tool of this machine except
 * docker, podman, kubectl and docker-compose: {@code --dry-run} for both targets, the usage errors,
 * and — with stand-in docker and kubectl scripts that record their arguments — the real sequence,
 * including the undo of a failed Kubernetes rollout.
 */
class DeployScriptIT {
  private static final Set<String> DEPLOY_TOOLS =
      Set.of("docker", "podman", "kubectl", "docker-compose", "nerdctl", "buildah");
  private static final String IMAGE_TAG = "[0-9a-f]{12}(-dirty)?";

  private static Path bin;
  private Path dir;
  private Path stubs;
  private Path calls;

  @BeforeEach
  void stubsAndCalls() throws IOException {
    dir = Files.createTempDirectory("sluice-deploy-test");
    stubs = Files.createDirectories(dir.resolve("stubs"));
    calls = dir.resolve("calls.txt");
  }

  @BeforeAll
  static void pathWithoutDeployTools() throws IOException {
    bin = Files.createTempDirectory("sluice-deploy-path");
    for (String d :
        List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
      Path p = Path.of(d);
      if (!Files.isDirectory(p)) {
        continue;
      }
      try (Stream<Path> tools = Files.list(p)) {
        for (Path tool : tools.toList()) {
          Path link = bin.resolve(tool.getFileName());
          if (!DEPLOY_TOOLS.contains(tool.getFileName().toString()) && !Files.exists(link)) {
            Files.createSymbolicLink(link, tool);
          }
        }
      }
    }
  }

  @AfterEach
  void clean() throws IOException {
    delete(dir);
  }

  @AfterAll
  static void removePath() throws IOException {
    delete(bin);
  }

  private static void delete(Path tree) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void composeDryRunPrintsBuildValidateAndUpWithNoToolsInstalled() throws Exception {
    Command r = deploy(Map.of(), "compose", "--dry-run");
    assertThat(r.both(), r.code(), is(0));
    List<String> cmds = commands(r.out());
    assertThat(r.both(), cmds.size(), is(4));
    assertThat(
        cmds.get(0), matchesPattern("docker build -t localhost/sluice:" + IMAGE_TAG + " .*"));
    assertThat(cmds.get(0), containsString("--build-arg REVISION="));
    assertThat(
        cmds.get(1),
        matchesPattern(
            "docker run --rm --read-only --tmpfs /tmp:rw,exec,size=64m -e SLUICE_API_KEY_SHA256"
                + " -v \\S+/config:/opt/sluice/config:ro -v \\S+/routes:/opt/sluice/routes:ro"
                + " localhost/sluice:"
                + IMAGE_TAG
                + " validate-config"));
    assertThat(cmds.get(2), matchesPattern("export SLUICE_IMAGE=localhost/sluice:" + IMAGE_TAG));
    assertThat(
        cmds.get(3),
        matchesPattern("docker compose -f \\S+/docker-compose.yml up -d --wait --no-build"));
    assertThat(r.err(), containsString("neither docker nor podman is installed"));
  }

  @Test
  void k8sDryRunPushesToTheRegistryAndPrintsAnOverlayThatRenders() throws Exception {
    Command r =
        deploy(
            Map.of("REGISTRY", "registry.example.com/team", "NAMESPACE", "gateways"),
            "k8s",
            "--dry-run");
    assertThat(r.both(), r.code(), is(0));
    List<String> cmds = commands(r.out());
    String image = "registry.example.com/team/sluice:" + IMAGE_TAG;
    assertThat(cmds.get(0), matchesPattern("docker build -t " + image + " .*"));
    assertThat(cmds.get(1), containsString("/deploy/k8s/config:/opt/sluice/config:ro"));
    assertThat(cmds.get(1), matchesPattern(".* " + image + " validate-config"));
    assertThat(cmds.get(2), matchesPattern("docker push " + image));
    assertThat(cmds.get(3), startsWith("cat > "));
    assertThat(cmds, hasItem(matchesPattern("kubectl --namespace gateways apply -k /tmp/\\S+")));
    assertThat(
        cmds,
        hasItem("kubectl --namespace gateways rollout status deployment/sluice --timeout=5m"));
    assertThat(cmds, hasItem("kubectl --namespace gateways rollout undo deployment/sluice"));

    // The overlay it printed, written where it said, renders with the image and the namespace.
    Path overlay = Path.of(cmds.get(3).replaceAll("^cat > (\\S+)/kustomization.yaml.*", "$1"));
    String content = r.out().replaceAll("(?s).*<<'EOF'\n", "").replaceAll("(?s)\nEOF\n.*", "\n");
    Files.createDirectories(overlay);
    try {
      Files.writeString(overlay.resolve("kustomization.yaml"), content);
      Command rendered = Command.run("kubectl", "kustomize", overlay.toString());
      assertThat(rendered.both(), rendered.code(), is(0));
      boolean found = false;
      for (Object doc : new Yaml().loadAll(rendered.out())) {
        Map<String, Object> m = KubernetesManifestsIT.map(doc);
        assertThat(KubernetesManifestsIT.map(m.get("metadata")).get("namespace"), is("gateways"));
        assertThat(
            "no Secret is applied when its variable is unset: the cluster's is kept, never"
                + " overwritten by the base's placeholder",
            m.get("kind"),
            not(is("Secret")));
        if ("Deployment".equals(m.get("kind"))) {
          Map<String, Object> pod =
              KubernetesManifestsIT.map(
                  KubernetesManifestsIT.map(
                          KubernetesManifestsIT.map(m.get("spec")).get("template"))
                      .get("spec"));
          String deployed =
              (String) KubernetesManifestsIT.list(pod.get("containers")).get(0).get("image");
          assertThat(deployed, matchesPattern(image));
          found = true;
        }
      }
      assertThat(found, is(true));
    } finally {
      Files.deleteIfExists(overlay.resolve("kustomization.yaml"));
      Files.deleteIfExists(overlay);
    }
  }

  @Test
  void k8sSetsTheApiKeySecretFromItsVariableWithoutPrintingIt() throws Exception {
    String hash = "ab".repeat(32);
    Command r = deploy(Map.of("SLUICE_API_KEY_SHA256", hash), "k8s", "--dry-run");
    assertThat(r.both(), r.code(), is(0));
    assertThat(r.out() + r.err(), not(containsString(hash)));
    List<String> cmds = commands(r.out());
    assertThat(
        cmds,
        hasItem(
            matchesPattern(
                "printf %s \"\\$SLUICE_API_KEY_SHA256\" > /tmp/\\S+/sluice-api-key.sha256")));
    assertThat(r.out(), containsString("  - name: sluice-api-key\n    behavior: replace\n"));
    assertThat(r.out(), containsString("metadata: {name: sluice-db}")); // kept: no password given
  }

  @Test
  void noPushWithoutARegistry() throws Exception {
    Command r = deploy(Map.of(), "k8s", "--dry-run");
    assertThat(r.both(), r.code(), is(0));
    assertThat(r.out(), not(containsString(" push ")));
    assertThat(r.out(), containsString("newName: localhost/sluice\n"));
  }

  @Test
  void usageErrorsAreExit2() throws Exception {
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"swarm"},
            new String[] {"k8s", "compose"},
            new String[] {"--dry-run"})) {
      Command r = deploy(Map.of(), args);
      assertThat(r.both(), r.code(), is(2));
      assertThat(r.err(), containsString("usage: scripts/deploy.sh {compose|k8s} [--dry-run]"));
      assertThat(r.out(), is(""));
    }
  }

  @Test
  void withoutDockerOrPodmanAndNoDryRunItSaysSoAndExits1() throws Exception {
    Command r = deploy(Map.of(), "compose");
    assertThat(r.both(), r.code(), is(1));
    assertThat(r.err(), containsString("neither docker nor podman is installed"));
  }

  @Test
  void composeRunsBuildValidateAndUpWithTheBuiltImage() throws Exception {
    stub("docker", "exit 0");
    Command r = deploy(Map.of(), "compose");
    assertThat(r.both(), r.code(), is(0));
    List<String> seen = Files.readAllLines(calls);
    assertThat(
        seen.get(0), matchesPattern("docker build -t localhost/sluice:" + IMAGE_TAG + " .*"));
    assertThat(
        seen.get(1),
        matchesPattern("docker run .* localhost/sluice:" + IMAGE_TAG + " validate-config"));
    assertThat(seen.get(2), is("docker compose version"));
    assertThat(
        seen.get(3),
        matchesPattern(
            "docker compose -f \\S+/docker-compose.yml up -d --wait --no-build"
                + " \\[SLUICE_IMAGE=localhost/sluice:"
                + IMAGE_TAG
                + "]"));
    assertThat(seen.size(), is(4));
  }

  @Test
  void anInvalidConfigStopsBeforeAnythingIsDeployed() throws Exception {
    stub("docker", "[[ $* == *validate-config* ]] && exit 1; exit 0");
    stub("kubectl", "exit 0");
    Command r = deploy(Map.of("REGISTRY", "registry.example.com"), "k8s");
    assertThat(r.both(), r.code(), is(1));
    List<String> seen = Files.readAllLines(calls);
    assertThat(seen.size(), is(2));
    assertThat(seen.get(1), containsString("validate-config"));
  }

  @Test
  void aFailedRolloutIsUndoneAndExits1() throws Exception {
    stub("podman", "exit 0");
    // rollout status fails the first time (the new pods never get ready), passes after the undo
    stub(
        "kubectl",
        "if [[ $* == *'rollout status'* && ! -e "
            + dir
            + "/undone ]]; then exit 1; fi\n"
            + "[[ $* == *'rollout undo'* ]] && touch "
            + dir
            + "/undone\nexit 0");
    Command r = deploy(Map.of("ENGINE", "podman"), "k8s");
    assertThat(r.both(), r.code(), is(1));
    assertThat(r.err(), containsString("failed and was undone"));
    List<String> kubectl =
        Files.readAllLines(calls).stream().filter(l -> l.startsWith("kubectl")).toList();
    assertThat(kubectl.get(0), matchesPattern("kubectl apply -k /tmp/\\S+"));
    assertThat(kubectl.get(1), is("kubectl rollout status deployment/sluice --timeout=5m"));
    assertThat(kubectl, hasItem("kubectl rollout undo deployment/sluice"));
    assertThat(Files.readAllLines(calls).get(0), startsWith("podman build -t localhost/sluice:"));
  }

  @Test
  void aSuccessfulRolloutIsNotUndone() throws Exception {
    stub("docker", "exit 0");
    stub("kubectl", "exit 0");
    Command r = deploy(Map.of(), "k8s");
    assertThat(r.both(), r.code(), is(0));
    assertThat(Files.readString(calls), not(containsString("undo")));
    assertThat(r.err(), containsString("deployed localhost/sluice:"));
  }

  // --- helpers -------------------------------------------------------------------------------

  /**
   * A stand-in tool on PATH: records its arguments in calls.txt (and SLUICE_IMAGE in brackets when
   * it is set, as compose reads it), then runs {@code body}.
   */
  private void stub(String name, String body) throws IOException {
    Path script = stubs.resolve(name);
    Files.writeString(
        script,
        "#!/bin/bash\necho \""
            + name
            + " $*${SLUICE_IMAGE:+ [SLUICE_IMAGE=$SLUICE_IMAGE]}\" >> "
            + calls
            + "\n"
            + body
            + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Command deploy(Map<String, String> env, String... args) throws Exception {
    Map<String, String> vars = new HashMap<>(env);
    vars.put("PATH", stubs + ":" + bin);
    vars.put("HOME", System.getProperty("user.home"));
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", "scripts/deploy.sh"));
    cmd.addAll(List.of(args));
    return Command.run(vars, true, cmd.toArray(String[]::new));
  }

  /** The commands a dry run printed ("+ " lines), without the prefix. */
  private static List<String> commands(String out) {
    return out.lines().filter(l -> l.startsWith("+ ")).map(l -> l.substring(2)).toList();
  }
}
