#!/usr/bin/env bash
# Builds the image, checks the config inside it, and rolls it out with Docker Compose or to
# Kubernetes (docs/containers.md):
#
#   1. build and tag $REGISTRY/sluice:<git sha> (localhost/sluice:<git sha> without REGISTRY;
#      "-dirty" appended when the work tree has uncommitted changes) with docker or podman
#   2. validate-config inside that image, on the config/ and routes/ that will be deployed
#      (the repository's for compose, the kustomize base's copies for k8s), mounted read-only,
#      with SLUICE_API_KEY_SHA256 (compose: it must be set; k8s: the pods read theirs from the
#      Secret sluice-api-key, so a stand-in is used when it is unset)
#   3. push it when REGISTRY is set
#   4. compose: `compose up -d --wait` with that image (waits until every service is healthy)
#      k8s: `kubectl apply -k` of an overlay of deploy/k8s that sets the image, then `kubectl
#      rollout status`; when the rollout fails, `kubectl rollout undo` and exit 1. The overlay
#      sets the Secrets sluice-api-key and sluice-db from SLUICE_API_KEY_SHA256 and
#      SLUICE_DB_PASSWORD when they are set, and otherwise leaves the cluster's as they are
#      (never the base's placeholders)
#
# Usage: scripts/deploy.sh {compose|k8s} [--dry-run]
#   --dry-run   print each command instead of running it, and exit 0; needs none of docker,
#               podman, kubectl, a cluster or a registry
# Environment:
#   REGISTRY          e.g. registry.example.com/team (unset: no push, image localhost/sluice)
#   ENGINE            docker or podman (default: docker if installed, else podman)
#   NAMESPACE         k8s: the namespace to deploy into (default: the context's)
#   SLUICE_API_KEY_SHA256  the SHA-256 of the API key that writes need (README "Run it")
#   SLUICE_DB_PASSWORD     k8s: the database password for the Secret sluice-db
#   ROLLOUT_TIMEOUT   k8s: how long `rollout status` waits (default 5m)
# Exit: 0 deployed (or printed); 1 a step failed (a failed rollout is undone first); 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
  echo "usage: scripts/deploy.sh {compose|k8s} [--dry-run]" >&2
  exit 2
}
target="" dry_run=0
for arg in "$@"; do
  case $arg in
    compose | k8s) [[ -z $target ]] || usage; target=$arg ;;
    --dry-run) dry_run=1 ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "deploy: unknown argument \"$arg\"" >&2; usage ;;
  esac
done
[[ -n $target ]] || usage

log() { echo "deploy: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
# shown CMD...: the command as one line that can be pasted into a shell.
shown() {
  local arg line=""
  for arg in "$@"; do
    if [[ $arg =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
      line+=" $arg"
    else
      line+=" $(printf '%q' "$arg")"
    fi
  done
  echo "${line# }"
}
# run CMD...: runs CMD (logging it), or with --dry-run prints it after "+ ".
run() {
  if ((dry_run)); then
    echo "+ $(shown "$@")"
  else
    log "$(shown "$@")"
    "$@"
  fi
}

# --- what to build ----------------------------------------------------------------------------
if sha=$(git rev-parse --short=12 HEAD 2>/dev/null); then
  revision=$(git rev-parse HEAD)
  [[ -z $(git status --porcelain --untracked-files=no 2>/dev/null) ]] || sha+=-dirty
else
  sha=unknown revision=unknown
fi
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -n1)
source_url=$(git remote get-url origin 2>/dev/null || echo unknown)
image=${REGISTRY:-localhost}
image=${image%/}/sluice:$sha

if [[ -n ${ENGINE:-} ]]; then
  engine=$ENGINE
elif command -v docker >/dev/null; then
  engine=docker
elif command -v podman >/dev/null; then
  engine=podman
elif ((dry_run)); then
  engine=docker
  log "neither docker nor podman is installed; the commands are shown with docker"
else
  die "neither docker nor podman is installed (ENGINE names one)"
fi
case ${engine##*/} in
  docker | podman) ;;
  *) die "ENGINE must be docker or podman, not \"$engine\"" ;;
esac
if ((!dry_run)); then
  command -v "$engine" >/dev/null || die "$engine is not installed"
  if [[ $target == k8s ]]; then
    command -v kubectl >/dev/null || die "kubectl is not installed"
  fi
fi

case $target in
  compose) config_dir=$root/config routes_dir=$root/routes ;;
  k8s) config_dir=$root/deploy/k8s/config routes_dir=$root/deploy/k8s/routes ;;
esac

# --- 1. build, 2. validate, 3. push -----------------------------------------------------------
log "image $image ($target, $engine${REGISTRY:+, push to $REGISTRY})"
run "$engine" build -t "$image" --build-arg "VERSION=$version" --build-arg "REVISION=$revision" \
  --build-arg "SOURCE=$source_url" "$root"
if [[ $target == k8s && -z ${SLUICE_API_KEY_SHA256:-} ]]; then
  # The pods take the hash from the cluster's Secret; the files are what is checked here.
  export SLUICE_API_KEY_SHA256=0000000000000000000000000000000000000000000000000000000000000000
  log "SLUICE_API_KEY_SHA256 is unset: validating with a stand-in (the pods read the Secret)"
  keep_key_secret=1
fi
# -e NAME without a value: the value comes from this environment and is never printed.
run "$engine" run --rm --read-only --tmpfs /tmp:rw,exec,size=64m -e SLUICE_API_KEY_SHA256 \
  -v "$config_dir:/opt/sluice/config:ro" -v "$routes_dir:/opt/sluice/routes:ro" \
  "$image" validate-config
if [[ -n ${REGISTRY:-} ]]; then
  run "$engine" push "$image"
fi

# --- 4. roll out ------------------------------------------------------------------------------
if [[ $target == compose ]]; then
  if [[ ${engine##*/} == podman ]]; then
    compose=("$engine" compose)
  elif ((dry_run)) || "$engine" compose version >/dev/null 2>&1; then
    compose=("$engine" compose)
  else
    die "'docker compose' (Compose v2, for up --wait) is not installed"
  fi
  # docker-compose.yml names the image ${SLUICE_IMAGE}; --no-build: it is the one just checked
  export SLUICE_IMAGE=$image
  ((!dry_run)) || echo "+ export SLUICE_IMAGE=$image"
  run "${compose[@]}" -f "$root/docker-compose.yml" up -d --wait --no-build
  ((dry_run)) || log "deployed $image with compose"
  exit 0
fi

# k8s: an overlay of the base that sets the image (and the namespace), in a directory of its own.
overlay=$(mktemp -d /tmp/sluice-deploy.XXXXXX)
trap 'rm -rf "$overlay"' EXIT
base=$(realpath --relative-to="$overlay" "$root/deploy/k8s")
# The base's Secrets hold placeholders. Each is set from its variable when that is set (the value
# in a file of the overlay, never on a command line or in the printed overlay), and otherwise left
# out of what is applied, so that a Secret made in the cluster is kept.
generated=() kept=()
secret() { # secret NAME KEY VARIABLE
  if [[ $3 == SLUICE_API_KEY_SHA256 && -n ${keep_key_secret:-} || -z ${!3:-} ]]; then
    kept+=("$1")
    log "$3 is unset: the cluster's Secret $1 is kept as it is (README: Deploy to Kubernetes)"
  else
    generated+=("$1 $2")
    if ((dry_run)); then
      echo "+ printf %s \"\$$3\" > $overlay/$1.$2"
    fi
    (umask 077 && printf %s "${!3}" >"$overlay/$1.$2")
  fi
}
secret sluice-api-key sha256 SLUICE_API_KEY_SHA256
secret sluice-db password SLUICE_DB_PASSWORD
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources: [$base]"
  [[ -z ${NAMESPACE:-} ]] || echo "namespace: $NAMESPACE"
  echo "images:"
  echo "  - name: localhost/sluice # the base's image"
  echo "    newName: ${image%:*}"
  echo "    newTag: ${image##*:}"
  if ((${#generated[@]})); then
    echo "secretGenerator:"
    for g in "${generated[@]}"; do
      echo "  - name: ${g% *}"
      echo "    behavior: replace"
      echo "    files: [${g#* }=${g% *}.${g#* }]"
      echo "    options: {disableNameSuffixHash: true}"
    done
  fi
  if ((${#kept[@]})); then
    echo "patches: # the cluster's Secrets are kept: these are not applied"
    for k in "${kept[@]}"; do
      echo "  - patch: '{\"\$patch\": delete, apiVersion: v1, kind: Secret, metadata: {name: $k}}'"
    done
  fi
} >"$overlay/kustomization.yaml"
if ((dry_run)); then
  echo "+ cat > $overlay/kustomization.yaml <<'EOF'"
  cat "$overlay/kustomization.yaml"
  echo "EOF"
fi
kubectl=(kubectl ${NAMESPACE:+--namespace "$NAMESPACE"})
run "${kubectl[@]}" apply -k "$overlay"
if ((dry_run)); then
  run "${kubectl[@]}" rollout status deployment/sluice --timeout="${ROLLOUT_TIMEOUT:-5m}"
  echo "# when the rollout fails:"
  run "${kubectl[@]}" rollout undo deployment/sluice
  exit 0
fi
if run "${kubectl[@]}" rollout status deployment/sluice --timeout="${ROLLOUT_TIMEOUT:-5m}"; then
  log "deployed $image to Kubernetes"
  exit 0
fi
log "the rollout of $image failed; undoing it"
"${kubectl[@]}" get pods -l app.kubernetes.io/name=sluice >&2 || true
run "${kubectl[@]}" rollout undo deployment/sluice
run "${kubectl[@]}" rollout status deployment/sluice --timeout="${ROLLOUT_TIMEOUT:-5m}" || true
die "the rollout of $image failed and was undone"
