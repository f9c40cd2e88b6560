#!/usr/bin/env bash
# Where the CPU and the memory go under load (docs/benchmarks.md, "Allocation per request"):
# starts the packaged jar with config/gateway.yaml as shipped (embedded database, the per-client
# rate limit raised out of reach, logs at warn) under a JFR recording (settings=profile), warms up,
# records $DURATION s of wrk on each path, and prints per path: requests, allocation per request
# (the weights of jdk.ObjectAllocationSample / requests), the top CPU frames (jfr view
# hot-methods) and the top allocation sites (jfr view allocation-by-site).
#
# Usage: scripts/profile.sh                    (GET / and GET /users/1, 20 s each)
#        PATHS="/users/1" DURATION=60 scripts/profile.sh
# Knobs: PATHS ("/ /users/1"), DURATION (20), WARMUP (20), CONNECTIONS (64), THREADS (2),
#        HEAP (-Xmx, default 256m), OUT (a new temporary directory; the .jfr files stay there).
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
ensure_jar "$PWD"
command -v wrk >/dev/null || { echo "profile: needs wrk (apt-get install wrk)" >&2; exit 1; }

PATHS=${PATHS:-"/ /users/1"}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
HEAP=${HEAP:-256m}
OUT=${OUT:-$(mktemp -d /tmp/sluice-profile.XXXXXX)}
mkdir -p "$OUT"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

SLUICE_PORT=$port SLUICE_METRICS_PORT=0 SLUICE_ADMIN_PORT=0 SLUICE_LOG_LEVEL=warn \
  SLUICE_RELOAD_WATCH=false SLUICE_RATE_LIMIT_BURST=1000000000 SLUICE_RATE_LIMIT_PER_SECOND=1000000000 \
  SLUICE_API_KEY_SHA256=$(printf %s profile-key | sha256sum | cut -c1-64) \
  "$JAVA_HOME/bin/java" "-Xmx$HEAP" -jar target/sluice.jar serve -c config/gateway.yaml \
  >"$OUT/gateway.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$OUT/gateway.log" >&2; exit 1; }
  sleep 0.1
done

for path in $PATHS; do
  name=$(tr -c 'a-z0-9\n' _ <<<"${path#/}"); name=${name:-root}
  ((WARMUP > 0)) && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port$path" >/dev/null
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.start name="$name" settings=profile filename="$OUT/$name.jfr" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$port$path" >"$OUT/$name.wrk"
  "$JAVA_HOME/bin/jcmd" "$pid" JFR.stop name="$name" >/dev/null
  requests=$(awk '/requests in/ {print $1}' "$OUT/$name.wrk")
  # the sampled allocations' weights (kB, MB, GB as jfr prints them), summed in bytes
  bytes=$("$JAVA_HOME/bin/jfr" print --events jdk.ObjectAllocationSample "$OUT/$name.jfr" |
    awk '/weight = / { v = $3; u = $4; m = 1
           if (u ~ /^kB/) m = 1024; else if (u ~ /^MB/) m = 1048576; else if (u ~ /^GB/) m = 1073741824
           t += v * m } END { printf "%.0f", t }')
  echo "== GET $path: $requests requests in ${DURATION} s, $((bytes / (requests > 0 ? requests : 1))) bytes allocated per request (JFR allocation samples), $(grep -m1 'Requests/sec' "$OUT/$name.wrk")"
  echo "-- top CPU frames"
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$OUT/$name.jfr" | sed -n '1,20p'
  echo "-- top allocation sites"
  "$JAVA_HOME/bin/jfr" view --width 160 allocation-by-site "$OUT/$name.jfr" | sed -n '1,20p'
done
echo "profile: recordings in $OUT"
