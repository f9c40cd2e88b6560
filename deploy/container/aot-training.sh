#!/bin/bash
# Builds the image's AOT cache (JDK 25's successor of the AppCDS archive: classes loaded and
# linked ahead of time) by a training run of the real server: serve the shipped config on the
# embedded database, send it the requests of the README walk-through, stop it with SIGTERM.
# The JVM writes the cache as it exits. Then checks that a JVM with the image's flags under a
# 256 MiB limit accepts the cache (-XX:AOTMode=on refuses to start otherwise), so a cache that
# would be silently ignored fails the build instead. Run by the Dockerfile, as root, before USER.
#
# Usage: aot-training.sh CACHE_FILE     (java, jvm.options and the jar as laid out in the image)
# scripts/startup_time.sh runs it on the host too, with the layout of a checkout:
#   AOT_JAVA=java   AOT_JAR=target/sluice.jar   AOT_JVM_OPTIONS=deploy/container/jvm.options
#   AOT_CONFIG_DIR=config   (the training config is written beside gateway.yaml, then removed)
set -euo pipefail
cache=$1
java=${AOT_JAVA:-/opt/java/bin/java}
home=/opt/sluice
jar=${AOT_JAR:-$home/sluice.jar}
jvm_options=${AOT_JVM_OPTIONS:-$home/jvm.options}
config_dir=${AOT_CONFIG_DIR:-$home/config}
log=$(mktemp /tmp/aot-training.XXXXXX)
# The shipped config with a longer connection timeout, beside it (so its relative paths resolve
# the same): a training run is slower than a real one, and on a busy builder the embedded
# database's first connection missed the shipped 2 s while the JVM was cold.
config=$config_dir/.aot-training.yaml
sed -E 's/^( *connection-timeout:).*/\1 60s/' "$config_dir/gateway.yaml" >"$config"
trap 'rm -f "$log" "$config"' EXIT

fail() {
  echo "aot-training: $*" >&2
  echo "--- training run output:" >&2
  cat "$log" >&2
  exit 1
}

# Free ports on loopback for the traffic, metrics and admin listeners (a build under buildah's
# chroot isolation shares the host's network, where the defaults may be taken).
next_free() { # next_free FROM: the first port from FROM on that nothing listens on
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
    p=$((p + 1))
    ((p < 18800)) || fail "no free port in 18700..18799"
  done
  echo "$p"
}
port=$(next_free 18700)
metrics_port=$(next_free $((port + 1)))
admin_port=$(next_free $((metrics_port + 1)))
# The shipped config refuses to load without the SHA-256 of an API key (writes need one): a key
# made up for this run, so the authorised write path is trained too. Neither stays in the image.
key=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
key_sha256=$(printf %s "$key" | sha256sum | cut -c1-64)

# request METHOD PATH [JSON]: one request over /dev/tcp to $to (default: the traffic port), with
# $auth (a header line) when set; prints the status code. The response is
# read to its end by its framing: /healthz, /readyz and /metrics keep the connection open after a
# "Connection: close" request, so reading to EOF would wait for the idle timeout.
request() {
  local method=$1 path=$2 body=${3:-} status line len=0 chunked=0
  exec 3<>"/dev/tcp/127.0.0.1/${to:-$port}" || return 1
  if [[ -n $body ]]; then
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n%sContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
      "$method" "$path" "${auth:-}" "${#body}" "$body" >&3
  else
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n%s\r\n' "$method" "$path" "${auth:-}" >&3
  fi
  if IFS=' ' read -r -t 10 _ status _ <&3; then
    while IFS= read -r -t 10 line <&3 && [[ $line != $'\r' ]]; do
      case ${line,,} in
        content-length:*) len=${line//[!0-9]/} ;;
        transfer-encoding:*chunked*) chunked=1 ;;
      esac
    done
    if ((chunked)); then
      while IFS= read -r -t 10 line <&3 && [[ $line != $'0\r' ]]; do :; done
    elif ((len > 0)); then
      head -c "$len" <&3 >/dev/null
    fi
  else
    status=none
  fi
  exec 3<&-
  echo "$status"
}

# train: one training run; 1 (with the reason in $why) when the server did not get through it.
train() {
  local i round path code=0
  rm -f "$cache"
  # The per-client limit is raised (the middleware still runs on every request); /login keeps
  # its 5 a minute, so the 429 path is trained too.
  SLUICE_HOST=127.0.0.1 SLUICE_PORT=$port SLUICE_DRAIN_DELAY=0s \
    SLUICE_METRICS_HOST=127.0.0.1 SLUICE_METRICS_PORT=$metrics_port SLUICE_ADMIN_PORT=$admin_port \
    SLUICE_API_KEY_SHA256=$key_sha256 \
    SLUICE_RATE_LIMIT_BURST=1000000 SLUICE_RATE_LIMIT_PER_SECOND=1000000 \
    "$java" -XX:AOTCacheOutput="$cache" "@$jvm_options" -jar "$jar" serve \
    -c "$config" >"$log" 2>&1 &
  pid=$!
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || { why="the server exited before it was ready"; return 1; }
    [[ $(request GET /readyz 2>/dev/null) == 200 ]] && break
    sleep 0.1
  done
  if ((i == 600)); then
    kill -KILL "$pid"
    wait "$pid" || true
    why="the server was not ready after 60 s"
    return 1
  fi

  # The walk-through: static routes, SQL reads and writes (with the key, and one without), the
  # problems, health on both listeners, the metrics. Several rounds, so the classes of the
  # request path are loaded and linked.
  for ((round = 0; round < 20; round++)); do
    for path in / /robots.txt /users/1 '/users?limit=2&offset=0' /users/abc /users/999 /nope \
      /healthz /readyz; do
      request GET "$path" >/dev/null
    done
    for path in /healthz /readyz '/readyz?verbose' /metrics; do
      to=$metrics_port request GET "$path" >/dev/null
    done
    with_key="X-Api-Key: $key"$'\r\n'
    auth=$with_key request POST /users "{\"name\":\"Training $round\",\"email\":\"training$round@example.com\"}" >/dev/null
    auth=$with_key request POST /users '{"email":"nope"}' >/dev/null
    auth=$with_key request DELETE "/users/$((round + 4))" >/dev/null
    request DELETE "/users/$((round + 4))" >/dev/null
    request POST / >/dev/null
    request POST /login >/dev/null
  done
  [[ $(request GET /users/1) == 200 ]] || why="GET /users/1 did not answer 200"

  kill -TERM "$pid"
  wait "$pid" || code=$?
  ((code == 0)) || { why="the server exited $code after SIGTERM"; return 1; }
  [[ -z ${why:-} ]] || return 1
  [[ -s $cache ]] || { why="no AOT cache was written"; return 1; }
}

# A busy builder can still starve a run: try up to three times.
why=""
for attempt in 1 2 3; do
  why=""
  train && break
  echo "aot-training: attempt $attempt: $why" >&2
  ((attempt < 3)) || fail "$why"
done

# The cache must be usable under the container's limits with the image's flags.
SLUICE_API_KEY_SHA256=$key_sha256 \
  "$java" -XX:AOTCache="$cache" -XX:AOTMode=on "@$jvm_options" -XX:MaxRAM=256m \
  -jar "$jar" validate-config >"$log" 2>&1 ||
  fail "a JVM limited to 256 MiB refuses the AOT cache"
echo "aot-training: wrote $cache ($(du -h "$cache" | cut -f1)) from a training run on port $port"
