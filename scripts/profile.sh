#!/usr/bin/env bash
# Where the CPU and the memory go under load (docs/benchmarks.md, "Allocation per request"):
# starts the packaged jar with config/gateway.yaml as shipped (embedded database unless
# SLUICE_DB_URL names one, the per-client rate limit raised out of reach, logs at warn), warms up,
# and per path:
#   1. measures $DURATION s of wrk and, exactly, the bytes the gateway's JVM allocated meanwhile
#      (ThreadMXBean.getTotalThreadAllocatedBytes read through its local management agent before
#      and after, scripts/AllocatedBytes.java): prints requests, requests/s and bytes/request;
#   2. with JFR=1, records $JFR_DURATION s more under a JFR recording (settings=profile) and prints
#      the top CPU frames (jfr view hot-methods) and the top allocation sites (jfr view
#      allocation-by-site).
# JARS may name several builds ("base=/tmp/main/sluice.jar cut=target/sluice.jar", each jar with
# its libs/ beside it, e.g. a copy of another worktree's target/): one gateway each, all started
# before the warm-up; ROUNDS rounds then measure each path on every gateway, taking turns at going
# first, and the script prints each one's medians and its ratios to the first: an A/B in one run.
# JFR records on the gateways after the first only, when there are several.
# HEAP may list several sizes ("256m 32m 24m"): one gateway per size (and per jar), the way to
# find the smallest heap that keeps the throughput.
#
# Usage: scripts/profile.sh                    (GET / and GET /users/1, 30 s each)
#        JARS="base=/tmp/main/sluice.jar new=target/sluice.jar" JFR=0 ROUNDS=3 scripts/profile.sh
#        PATHS="/users/1" HEAP="256m 32m 16m" JFR=0 scripts/profile.sh
# Knobs: PATHS ("/ /users/1"), DURATION (30), WARMUP (30, per path and gateway), ROUNDS (1),
#        JFR (1; 0: no recording), JFR_DURATION ($DURATION), CONNECTIONS (64), THREADS (2),
#        HEAP (-Xmx, default 256m), JARS (jar=target/sluice.jar, built if stale),
#        OUT (a new temporary directory; logs and .jfr files stay there).
# Hold the bench lock and do not nice it: flock /work/bench.lock scripts/profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
command -v wrk >/dev/null || { echo "profile: needs wrk (apt-get install wrk)" >&2; exit 1; }

PATHS=${PATHS:-"/ /users/1"}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-1}
JFR=${JFR:-1}
JFR_DURATION=${JFR_DURATION:-$DURATION}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
HEAP=${HEAP:-256m}
JARS=${JARS:-}
OUT=${OUT:-$(mktemp -d /tmp/sluice-profile.XXXXXX)}
mkdir -p "$OUT"
if [[ -z $JARS ]]; then
  ensure_jar "$PWD"
  JARS=jar=$PWD/target/sluice.jar
fi
for j in $JARS; do
  [[ $j == *=* && -f ${j#*=} ]] || { echo "profile: JARS: $j is not NAME=JAR with an existing jar" >&2; exit 1; }
done
# The measuring helper, compiled once (not during a measured window).
"$JAVA_HOME/bin/javac" -d "$OUT/classes" scripts/AllocatedBytes.java

# Helidon installs a JVM-wide deserialization filter that refuses everything unless one is set;
# the management agent AllocatedBytes talks to needs an ObjectName through.
SERIAL_FILTER='javax.management.ObjectName;java.lang.*;!*'
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# One gateway per jar and heap: names[i] says which, ports[i] and pids[i] where it runs.
names=() ports=() pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
start_gateway() { # NAME JAR HEAP
  local port
  port=$(free_port)
  SLUICE_PORT=$port SLUICE_METRICS_PORT=0 SLUICE_ADMIN_PORT=0 SLUICE_LOG_LEVEL=warn \
    SLUICE_RELOAD_WATCH=false SLUICE_RATE_LIMIT_BURST=1000000000 SLUICE_RATE_LIMIT_PER_SECOND=1000000000 \
    SLUICE_API_KEY_SHA256=$(printf %s profile-key | sha256sum | cut -c1-64) \
    "$JAVA_HOME/bin/java" "-Xmx$3" "-Djdk.serialFilter=$SERIAL_FILTER" -jar "$2" serve -c config/gateway.yaml \
    >"$OUT/$1.log" 2>&1 &
  names+=("$1") ports+=("$port") pids+=($!)
  for _ in $(seq 300); do
    curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || { cat "$OUT/$1.log" >&2; exit 1; }
    sleep 0.1
  done
  echo "profile: $1 not ready after 30 s" >&2
  exit 1
}
for heap in $HEAP; do
  for j in $JARS; do start_gateway "${j%%=*}-$heap" "${j#*=}" "$heap"; done
done
echo "profile: $JARS; heap $HEAP; $CONNECTIONS connections, ${DURATION} s per run"

pathname() { local n; n=$(tr -c 'a-z0-9\n' _ <<<"${1#/}"); echo "${n:-root}"; }
run_wrk() { wrk -t"$THREADS" -c"$CONNECTIONS" -d"$1s" "$2"; }

# Warm-up: every gateway, every path.
if ((WARMUP > 0)); then
  for i in "${!names[@]}"; do
    for path in $PATHS; do run_wrk "$WARMUP" "http://127.0.0.1:${ports[i]}$path" >/dev/null; done
  done
fi

# results: "path name requests/s bytes/request", one line per measured run
results=$OUT/results
: >"$results"
for round in $(seq "$ROUNDS"); do
  for path in $PATHS; do
    order=("${!names[@]}")
    ((round % 2 == 0)) && mapfile -t order < <(printf '%s\n' "${order[@]}" | tac)
    for i in "${order[@]}"; do
      f="$OUT/$(pathname "$path")-${names[i]}-$round.wrk"
      "$JAVA_HOME/bin/java" -cp "$OUT/classes" AllocatedBytes "${pids[i]}" \
        wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:${ports[i]}$path" >"$f"
      requests=$(awk '/requests in/ {print $1}' "$f")
      rps=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$f")
      bytes=$(awk '/allocated-bytes:/ {print $2}' "$f")
      per=$((bytes / (requests > 0 ? requests : 1)))
      bad=$(awk '/Non-2xx/ {print ", " $NF " non-2xx"}' "$f")
      echo "GET $path ${names[i]} round $round: $requests requests, $rps requests/s, $per bytes/request ($bytes bytes)$bad"
      echo "$path ${names[i]} $rps $per" >>"$results"
    done
  done
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
echo "-- medians over $ROUNDS round(s)"
for path in $PATHS; do
  for name in "${names[@]}"; do
    rps=$(awk -v p="$path" -v n="$name" '$1 == p && $2 == n {print $3}' "$results" | median)
    per=$(awk -v p="$path" -v n="$name" '$1 == p && $2 == n {print $4}' "$results" | median)
    line="GET $path $name: $rps requests/s, $per bytes/request"
    if [[ $name != "${names[0]}" ]]; then
      line+=$(awk -v a="$rps" -v b="${first_rps:-0}" -v x="$per" -v y="${first_per:-0}" -v f="${names[0]}" \
        'BEGIN {if (b > 0 && y > 0) printf " (/%s: throughput %.3f, bytes/request %.3f)", f, a / b, x / y}')
    else
      first_rps=$rps first_per=$per
    fi
    echo "$line"
  done
done

if [[ $JFR == 1 ]]; then
  for i in "${!names[@]}"; do
    ((${#names[@]} == 1 || i > 0)) || continue # the first of several is the reference
    for path in $PATHS; do
      name=$(pathname "$path")-${names[i]}
      "$JAVA_HOME/bin/jcmd" "${pids[i]}" JFR.start name="$name" settings=profile filename="$OUT/$name.jfr" >/dev/null
      run_wrk "$JFR_DURATION" "http://127.0.0.1:${ports[i]}$path" >"$OUT/$name-jfr.wrk"
      "$JAVA_HOME/bin/jcmd" "${pids[i]}" JFR.stop name="$name" >/dev/null
      echo "== GET $path ${names[i]} under JFR: $(grep -m1 'Requests/sec' "$OUT/$name-jfr.wrk")"
      echo "-- top CPU frames"
      "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$OUT/$name.jfr" | sed -n '1,20p'
      echo "-- top allocation sites"
      "$JAVA_HOME/bin/jfr" view --width 160 allocation-by-site "$OUT/$name.jfr" | sed -n '1,20p'
    done
  done
fi
echo "profile: logs and recordings in $OUT"
