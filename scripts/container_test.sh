#!/usr/bin/env bash
# Builds the real Dockerfile with buildah and tests the image, on a machine with no Docker daemon
# and no image registry (docs/containers.md):
#
#   1. Stand-in base images, made here and tagged with the exact names of the Dockerfile's FROM
#      lines: the Debian one is a debootstrap'd bookworm rootfs (minbase, without docs, man pages,
#      locales and apt's lists, as the slim image has them); the Maven one is that rootfs plus the
#      host's JDK 25 in /opt/java/openjdk and the host's Maven, as the official image lays them
#      out. An image of that name that is not a stand-in (a real one, pulled) is used as it is.
#   2. `buildah bud --isolation chroot --pull=never --format docker --layers` of the Dockerfile,
#      with the host's Maven repository (~/.m2) bind-mounted into the build stage's RUN steps,
#      so the dependency layer takes what the host already has (and fetches only what is missing).
#   3. The image's own ENTRYPOINT and CMD, started with `buildah run` (as the image's USER, a
#      fresh tmpfs on /tmp, the SHA-256 of a made-up API key) on free ports, and checked: /healthz
#      and /readyz 200, GET /users/1 on the embedded database, writes need the key, the metrics
#      listener, `sluice reload` inside the container, the process's uid is not 0, the image's
#      HEALTHCHECK command passes (and fails with nothing listening), validate-config inside the
#      image (and its refusal without a key), nothing written outside /tmp, SIGTERM: /readyz 503
#      during the drain, then exit 0.
#   4. Start-up, process start to /readyz 200, with the AOT cache and without (-XX:AOTMode=off),
#      STARTUP_RUNS times each (medians printed), and the image's size.
#
# The image stays in buildah's storage as $IMAGE; the stand-in bases stay too, so the next run
# reuses the build's layers (each stand-in is remade only when what it is made of changed).
#
# Usage: scripts/container_test.sh        (as root; about 3 minutes, 1 with the layers cached)
# Environment:
#   IMAGE=localhost/sluice:test    the image to build and test
#   STARTUP_RUNS=3                 start-up measurements with and without the AOT cache (0: none)
#   SLUICE_CACHE_DIR=~/.cache/sluice   where the debootstrap'd rootfs is kept between runs
#   DEBIAN_MIRROR                  default: the host's apt source for Debian, else deb.debian.org
#   M2_REPO=~/.m2                  the Maven directory mounted into the build (made if missing)
#   KEEP_CONTAINER=1               leave the working container for inspection
# Prints "N passed, 0 failed" and exits 0 when every check passed; 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source ci/lib.sh

IMAGE=${IMAGE:-localhost/sluice:test}
STARTUP_RUNS=${STARTUP_RUNS:-3}
CACHE_DIR=${SLUICE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sluice}
M2_REPO=${M2_REPO:-$HOME/.m2}
SUITE=bookworm
STAND_IN_LABEL=dev.sluice.stand-in

log() { echo "container_test: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
passed=0
failed=0
check() { # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then
    echo "ok   $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name"
    failed=$((failed + 1))
  fi
}

((EUID == 0)) || die "run as root (buildah and debootstrap need it)"
missing=()
command -v buildah >/dev/null || missing+=(buildah)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v curl >/dev/null || missing+=(curl)
((${#missing[@]} == 0)) || apt_install "${missing[@]}"
bud=(buildah bud --isolation chroot --pull=never --format docker --layers)
run=(buildah run --isolation chroot)

# --- 1. stand-in base images ---------------------------------------------------------------
mapfile -t bases < <(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile)
((${#bases[@]} > 0)) || die "no FROM line in Dockerfile"

# The host's JDK 25 (the build stage's JDK) and Maven.
jdk=""
for home in /usr/lib/jvm/*/; do
  home=${home%/}
  if [[ -x $home/bin/jlink && $(java_major "$home/bin/java") == 25 ]]; then
    jdk=$home
    break
  fi
done
maven_home=""
if command -v mvn >/dev/null; then
  maven_home=$(dirname "$(dirname "$(readlink -f "$(command -v mvn)")")")
fi

rootfs_tar() { # the debootstrap'd rootfs, made once and kept in $CACHE_DIR
  local tar=$CACHE_DIR/debian-$SUITE-minbase.tar.gz mirror dir
  if [[ ! -s $tar ]]; then
    mirror=${DEBIAN_MIRROR:-$(sed -nE 's#^URIs: *(\S+/debian)/?$#\1#p; s#^deb +(\[[^]]*\] +)?(\S+/debian)/? .*#\2#p' \
      /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | head -n1)}
    mirror=${mirror:-http://deb.debian.org/debian}
    mkdir -p "$CACHE_DIR"
    dir=$(mktemp -d "$CACHE_DIR/rootfs.XXXXXX")
    log "debootstrap --variant=minbase $SUITE from $mirror (once; kept in $tar)"
    debootstrap --variant=minbase "$SUITE" "$dir" "$mirror" >"$dir.log" 2>&1 ||
      { tail -n 20 "$dir.log" >&2; die "debootstrap failed"; }
    rm -rf "$dir"/var/cache/apt/* "$dir"/var/lib/apt/lists/* "$dir"/usr/share/doc/* \
      "$dir"/usr/share/man/* "$dir"/usr/share/info/* "$dir"/usr/share/locale/* "$dir.log"
    tar -C "$dir" --numeric-owner -czf "$tar.tmp" .
    mv "$tar.tmp" "$tar"
    rm -rf "$dir"
  fi
  echo "$tar"
}

# stand_in NAME FINGERPRINT MAKER: makes image NAME with MAKER CONTAINER unless an image of that
# name is there already: a real one (kept), or a stand-in with the same fingerprint (reused).
stand_in() {
  local name=$1 fingerprint=$2 maker=$3 have ctr
  if buildah inspect --type image "$name" >/dev/null 2>&1; then
    have=$(buildah inspect --type image --format "{{index .OCIv1.Config.Labels \"$STAND_IN_LABEL\"}}" "$name")
    if [[ -z $have || $have == "<no value>" ]]; then
      log "base $name: using the image that is there (not a stand-in)"
      return 0
    fi
    if [[ $have == "$fingerprint" ]]; then
      log "base $name: stand-in already made"
      return 0
    fi
  fi
  log "base $name: making a stand-in"
  "$maker" "$name" "$fingerprint"
}

make_debian() { # NAME FINGERPRINT
  local ctr mnt
  ctr=$(buildah from scratch)
  mnt=$(buildah mount "$ctr")
  tar -C "$mnt" --numeric-owner -xzf "$debian_tar"
  buildah umount "$ctr" >/dev/null
  buildah config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd bash --label "$STAND_IN_LABEL=$2" "$ctr"
  buildah commit -q --rm "$ctr" "$1" >/dev/null
}

make_maven() { # NAME FINGERPRINT
  local ctr mnt
  [[ -n $jdk ]] || die "no JDK 25 with jlink under /usr/lib/jvm for the stand-in of $1"
  [[ -n $maven_home ]] || die "no mvn on PATH for the stand-in of $1"
  ctr=$(buildah from --pull=never "$debian_image")
  mnt=$(buildah mount "$ctr")
  mkdir -p "$mnt/opt/java" "$mnt/root/.m2"
  # -L: a packaged JDK links lib/security/cacerts to /etc/ssl/certs (absent from the rootfs)
  cp -rL --preserve=mode,timestamps "$jdk" "$mnt/opt/java/openjdk"
  cp -rL "$maven_home" "$mnt/usr/share/maven"
  ln -sf /usr/share/maven/bin/mvn "$mnt/usr/bin/mvn"
  buildah umount "$ctr" >/dev/null
  # As the official image: JAVA_HOME and PATH; MAVEN_CONFIG is ~/.m2. JDK 23+ warns on every
  # Maven run that Maven's Guava uses sun.misc.Unsafe (ci/lib.sh does the same on the host).
  buildah config --env JAVA_HOME=/opt/java/openjdk \
    --env PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --env MAVEN_HOME=/usr/share/maven --env MAVEN_CONFIG=/root/.m2 \
    --env MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow \
    --cmd mvn --label "$STAND_IN_LABEL=$2" "$ctr"
  buildah commit -q --rm "$ctr" "$1" >/dev/null
}

debian_image="" maven_image=""
for base in "${bases[@]}"; do
  case $base in
    debian:* | docker.io/library/debian:*) debian_image=$base ;;
    maven:* | docker.io/library/maven:*) maven_image=$base ;;
    *) die "no stand-in for the base image $base (scripts/container_test.sh knows debian and maven)" ;;
  esac
done
[[ -n $debian_image ]] || debian_image=debian:$SUITE-slim # the Maven stand-in is made from it
debian_tar=$(rootfs_tar)
debian_fp=$(sha256sum "$debian_tar" | cut -c1-16)
stand_in "$debian_image" "$debian_fp" make_debian
if [[ -n $maven_image ]]; then
  maven_fp=$(
    {
      echo "$debian_fp"
      cat "$jdk/release" 2>/dev/null
      echo "stand-in recipe 2"
      mvn -v 2>/dev/null | sed -n 1p
    } | sha256sum | cut -c1-16
  )
  stand_in "$maven_image" "$maven_fp" make_maven
fi

# --- 2. the build --------------------------------------------------------------------------
mkdir -p "$M2_REPO"
version=$(sed -n 's#^  <version>\(.*\)</version>#\1#p' pom.xml | head -n1)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
log "building $IMAGE from the Dockerfile (version $version, revision $revision)"
build_start=$(date +%s)
"${bud[@]}" -v "$M2_REPO:/root/.m2" -t "$IMAGE" --build-arg "VERSION=$version" \
  --build-arg "REVISION=$revision" . >"$CACHE_DIR/build.log" 2>&1 ||
  { tail -n 40 "$CACHE_DIR/build.log" >&2; die "the build failed; the whole log: $CACHE_DIR/build.log"; }
build_secs=$(($(date +%s) - build_start))
grep -E '^runtime modules:|^aot-training:' "$CACHE_DIR/build.log" | sed 's/^/  /' >&2 || true
log "built $IMAGE in ${build_secs}s"

# --- 3. the running image ------------------------------------------------------------------
inspect() { buildah inspect --type image --format "$1" "$IMAGE"; }
mapfile -t entrypoint < <(inspect '{{range .OCIv1.Config.Entrypoint}}{{println .}}{{end}}')
mapfile -t cmd < <(inspect '{{range .OCIv1.Config.Cmd}}{{println .}}{{end}}')
mapfile -t healthcheck < <(inspect '{{range .Docker.Config.Healthcheck.Test}}{{println .}}{{end}}')
user=$(inspect '{{.OCIv1.Config.User}}')
((${#entrypoint[@]} > 0)) || die "the image has no ENTRYPOINT"

ctr=$(buildah from --pull=never "$IMAGE")
out=$(mktemp -d /tmp/sluice-container-test.XXXXXX)
server_pid=""
cleanup() {
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ ${KEEP_CONTAINER:-0} == 1 ]]; then
    log "kept the working container $ctr"
  else
    buildah rm "$ctr" >/dev/null 2>&1 || true
  fi
  rm -rf "$out"
}
trap cleanup EXIT

free_port() { free_port_after 18179; }
free_port_after() { # the first free port above $1 (up to 18279)
  local port
  for ((port = $1 + 1; port < 18280; port++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
status_of() { # status_of PATH [CURL-ARGS...]: the status code on the traffic port
  local path=$1
  shift
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "http://127.0.0.1:$port$path" || true
}
# The shipped config refuses to start without the SHA-256 of the API key that writes need: a key
# made up for this run, as an operator's secret would hold its hash.
api_key=$(head -c 24 /dev/urandom | base64)
api_key_sha256=$(printf %s "$api_key" | sha256sum | cut -c1-64)

# java_under PID: the pid of the java process below PID (buildah run), once there is one.
java_under() {
  local i pid
  for ((i = 0; i < 200; i++)); do
    pid=$(ps -e -o pid=,ppid=,comm= | awk -v top="$1" '
      { parent[$1] = $2; comm[$1] = $3 }
      END {
        for (p in comm) {
          if (comm[p] != "java") continue
          for (q = p; q in parent && q != top; q = parent[q]) {}
          if (q == top) { print p; exit }
        }
      }')
    if [[ -n $pid ]]; then
      echo "$pid"
      return 0
    fi
    sleep 0.05
  done
  return 1
}

# start_server LOG [JAVA-FLAG-TO-ADD]: starts the image's entrypoint + cmd on $port (the flag, if
# given, right after the java binary); sets server_pid (buildah run) and java_pid.
start_server() {
  local logfile=$1 extra=${2:-} args
  args=("${entrypoint[@]:0:1}" ${extra:+"$extra"} "${entrypoint[@]:1}" "${cmd[@]}")
  "${run[@]}" --mount type=tmpfs,destination=/tmp -e "SLUICE_PORT=$port" \
    -e "SLUICE_METRICS_PORT=$metrics_port" -e "SLUICE_ADMIN_PORT=$admin_port" \
    -e "SLUICE_API_KEY_SHA256=$api_key_sha256" \
    -e SLUICE_DRAIN_DELAY=2s "$ctr" -- "${args[@]}" >"$logfile" 2>"$logfile.err" &
  server_pid=$!
  java_pid=$(java_under "$server_pid") || die "no java process under buildah run; see $logfile"
}

# await_ready: polls /readyz until 200 (60 s at most, without starting a process per try: ci/lib.sh);
# prints ms from the java process's start.
await_ready() {
  local ticks start now
  ticks=$(getconf CLK_TCK)
  start=$(awk '{print $22}' "/proc/$java_pid/stat")
  poll_until_200 "$port" /readyz "$server_pid" 60 || return 1
  now=$(cut -d' ' -f1 /proc/uptime)
  awk -v n="$now" -v s="$start" -v t="$ticks" 'BEGIN {printf "%d\n", (n - s / t) * 1000}'
}

stop_server() { # SIGTERM to java; the exit code of buildah run (java's)
  local code=0
  kill -TERM "$java_pid"
  wait "$server_pid" || code=$?
  server_pid=""
  return "$code"
}

# Three free ports: chroot isolation shares the host's network, where the defaults may be taken.
port=$(free_port) || die "no free port in 18180..18279"
metrics_port=$(free_port_after "$port") || die "no free port for the metrics listener"
admin_port=$(free_port_after "$metrics_port") || die "no free port for the admin listener"
log "starting the image's entrypoint on port $port: ${entrypoint[*]} ${cmd[*]}"
start_server "$out/serve.log"
startup_ms=$(await_ready) || { cat "$out/serve.log"* >&2; die "not ready within 60 s"; }
log "ready ${startup_ms} ms after the process started"

check "GET /healthz is 200" test "$(status_of /healthz)" == 200
check "GET /readyz is 200" test "$(status_of /readyz)" == 200
body=$(curl -s -m 5 "http://127.0.0.1:$port/users/1" || true)
check "GET /users/1 answers Ada from the embedded database" grep -q '"name":"Ada Lovelace"' <<<"$body"
check "DELETE /users/3 without the API key is 401" test "$(status_of /users/3 -X DELETE)" == 401
check "DELETE /users/3 with the API key is 204" \
  test "$(status_of /users/3 -X DELETE -H "X-Api-Key: $api_key")" == 204
metrics=http://127.0.0.1:$metrics_port
check "the metrics listener serves /metrics" \
  grep -q '^http_server_request_duration_seconds_count' <(curl -s -m 5 "$metrics/metrics" || true)
check "the metrics listener's /readyz?verbose lists the checks" \
  grep -q '"checks":\[' <(curl -s -m 5 "$metrics/readyz?verbose" || true)
# The admin API is on the container's loopback: `sluice reload` from inside the container.
# (A tmpfs on /tmp as the deployments give it: the client JVM keeps its perf data there too.)
"${run[@]}" --mount type=tmpfs,destination=/tmp -e "SLUICE_ADMIN_PORT=$admin_port" "$ctr" -- \
  "${entrypoint[0]}" -jar sluice.jar reload \
  >"$out/reload.txt" 2>&1 && rcode=0 || rcode=$?
check "sluice reload inside the container exits 0 (exit $rcode: $(head -c 200 "$out/reload.txt"))" \
  test "$rcode" == 0
uid=$(awk '/^Uid:/ {print $2}' "/proc/$java_pid/status")
check "the server runs as uid $uid (not 0; the image's USER is $user)" test "$uid" != 0 -a "$uid:$uid" == "$user"
check "the ENTRYPOINT is exec form: java gets SIGTERM itself (${entrypoint[0]})" \
  test "${entrypoint[0]##*/}" == java
check "HEALTHCHECK is an exec-form command (${healthcheck[*]})" test "${healthcheck[0]:-}" == CMD
check "the HEALTHCHECK command passes against the server" \
  "${run[@]}" -e "SLUICE_PORT=$port" "$ctr" -- "${healthcheck[@]:1}"
check "the HEALTHCHECK command passes on /readyz" \
  "${run[@]}" -e "SLUICE_PORT=$port" "$ctr" -- "${healthcheck[1]}" /readyz
spare=$(free_port) || spare=1
check "the HEALTHCHECK command fails with nothing listening" \
  bash -c '! "$@" 2>/dev/null' _ "${run[@]}" -e "SLUICE_PORT=$spare" "$ctr" -- "${healthcheck[@]:1}"

# Nothing outside /tmp was written: the container's overlay upper directory holds only the mount
# points buildah run makes (/tmp, /etc/hosts, /etc/resolv.conf, /etc/hostname, /run/.containerenv).
mnt=$(buildah mount "$ctr")
written=$(cd "$(dirname "$mnt")/diff" 2>/dev/null && find . -mindepth 1 \
  ! -path ./tmp ! -path ./etc ! -path ./etc/hosts ! -path ./etc/resolv.conf ! -path ./etc/hostname \
  ! -path ./run ! -path ./run/.containerenv ! -path ./dev ! -path './dev/*' ! -path ./proc ! -path ./sys | head -n 20)
buildah umount "$ctr" >/dev/null
check "nothing was written outside /tmp${written:+ (written: $(tr '\n' ' ' <<<"$written"))}" test -z "$written"

# SIGTERM: readiness turns 503 during the drain delay (2 s), requests are still served, exit 0.
kill -TERM "$java_pid"
sleep 0.5
check "after SIGTERM /readyz is 503 during the drain" test "$(status_of /readyz)" == 503
check "after SIGTERM requests are still served during the drain" test "$(status_of /users/1)" == 200
code=0
wait "$server_pid" || code=$?
server_pid=""
check "the server exits 0 after the drain (exit $code)" test "$code" == 0
check "the log says it stopped" grep -q '"msg":"stopped"' "$out/serve.log"
not_json=$(grep -v '^{' "$out/serve.log" | head -n 3 || true)
check "stdout is JSON lines only${not_json:+ (not JSON: $not_json)}" test -z "$not_json"

# validate-config and routes inside the image, through its entrypoint.
"${run[@]}" -e "SLUICE_API_KEY_SHA256=$api_key_sha256" "$ctr" -- "${entrypoint[@]}" validate-config \
  >"$out/validate.txt" 2>&1 && vcode=0 || vcode=$?
check "validate-config in the image exits 0 (exit $vcode)" test "$vcode" == 0
"${run[@]}" "$ctr" -- "${entrypoint[@]}" validate-config >"$out/nokey.txt" 2>&1 && vcode=0 || vcode=$?
check "validate-config without SLUICE_API_KEY_SHA256 exits 1 and names it (exit $vcode)" \
  test "$vcode" == 1 -a -n "$(grep -l SLUICE_API_KEY_SHA256 "$out/nokey.txt")"
"${run[@]}" -e "SLUICE_API_KEY_SHA256=$api_key_sha256" "$ctr" -- "${entrypoint[@]}" routes \
  >"$out/routes.txt" 2>&1 || true
check "routes in the image lists GET /users/{id}" grep -q 'GET  *\/users\/{id}' "$out/routes.txt"

# Labels.
for label in version revision source; do
  value=$(inspect "{{index .OCIv1.Config.Labels \"org.opencontainers.image.$label\"}}")
  check "label org.opencontainers.image.$label ($value)" test -n "$value" -a "$value" != "<no value>"
done
check "label org.opencontainers.image.revision is this commit" \
  test "$(inspect '{{index .OCIv1.Config.Labels "org.opencontainers.image.revision"}}')" == "$revision"

# --- 4. start-up and size ------------------------------------------------------------------
median() { printf '%s\n' "$@" | sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
if ((STARTUP_RUNS > 0)); then
  with=() without=()
  startup_failed="" startup_skipped=""
  for ((r = 0; r < STARTUP_RUNS; r++)); do
    for variant in with without; do
      flag=""
      [[ $variant == with ]] || flag=-XX:AOTMode=off
      # A start-up time measured while other work takes the cores says nothing; and on a machine
      # saturated by others, a cold JVM can miss the embedded database's 2 s connection timeout.
      QUIET_TIMEOUT=${QUIET_TIMEOUT:-60} wait_quiet
      if ((!quiet)); then
        startup_skipped="the machine stayed ${quiet_busy}% busy with other work"
        break 2
      fi
      start_server "$out/startup.log" "$flag"
      if ! ms=$(await_ready); then
        startup_failed="not ready within 60 s ($variant the AOT cache): $(tail -n 3 "$out/startup.log"*)"
        kill -KILL "$java_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
        break 2
      fi
      if ! stop_server; then
        startup_failed="no exit 0 after SIGTERM ($variant the AOT cache): $(tail -n 3 "$out/startup.log"*)"
        break 2
      fi
      if [[ $variant == with ]]; then with+=("$ms"); else without+=("$ms"); fi
    done
  done
  if [[ -n $startup_skipped ]]; then
    echo "skip start-up not measured: $startup_skipped"
  else
    check "start-up runs with and without the AOT cache${startup_failed:+: $startup_failed}" \
      test -z "$startup_failed"
  fi
  if [[ -z $startup_failed$startup_skipped ]]; then
    echo "start-up to /readyz 200: with the AOT cache $(median "${with[@]}") ms (runs: ${with[*]})," \
      "without $(median "${without[@]}") ms (runs: ${without[*]})"
  fi
fi
size=$(buildah images --format '{{.Size}}' "$IMAGE" | head -n1)
echo "image $IMAGE: $size, built in ${build_secs}s"

echo "$passed passed, $failed failed"
((failed == 0))
