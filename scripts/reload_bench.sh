#!/usr/bin/env bash
# The reload benchmark of docs/benchmarks.md (live reload, docs/operations.md):
#
# 1. swap: a gateway watching one route file of $ROUTES static routes. $EDITS times, one route's
#    body is changed (the file rewritten whole, as an editor saves it); each edit is timed from
#    the write to the first response with the new body (curl every 5 ms), and the gateway's own
#    "config reloaded" line gives the reload's duration_ms (read, validate, build, swap — after
#    the watch's debounce, reload.debounce).
# 2. throughput: the shipped config and routes (copied to a scratch directory) on PostgreSQL,
#    wrk on GET /users/{id}; $ROUNDS rounds, each a run with no reload and a run with a reload
#    every second (a route file written in turn with one and with two routes: a route added and
#    removed), taking turns at going first. Prints the medians and reload ÷ none, with every
#    non-2xx response counted (a reload must drop none).
#
# Usage: scripts/reload_bench.sh          (about 3 minutes with the defaults)
# Knobs: ROUTES=1000 EDITS=10 ROUNDS=3 DURATION=15 WARMUP=20 CONNECTIONS=64 THREADS=2
#        PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres BENCH_DB=sluice_reload_bench
#        SLUICE_JAR (default target/sluice.jar, built if missing), OUT (default a new /tmp dir)
# Needs: a JDK >= 21, curl, wrk, psql and createdb (PostgreSQL client), a PostgreSQL server.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/ci/lib.sh"
use_java21

ROUTES=${ROUTES:-1000}
EDITS=${EDITS:-10}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-sluice_reload_bench}
SLUICE_JAR=${SLUICE_JAR:-$root/target/sluice.jar}
OUT=${OUT:-$(mktemp -d /tmp/sluice-reload.XXXXXX)}
export PGHOST PGPORT PGUSER

die() {
  echo "reload_bench: error: $*" >&2
  exit 1
}
for tool in curl wrk psql createdb; do
  command -v "$tool" >/dev/null || die "$tool is not installed"
done
if [[ ! -f $SLUICE_JAR ]]; then
  (cd "$root" && mvn -B -ntp -q -DskipTests package) || die "the build failed"
fi
mkdir -p "$OUT"

gateway_pid=
stop_gateway() {
  if [[ -n $gateway_pid ]] && kill -0 "$gateway_pid" 2>/dev/null; then
    kill -TERM "$gateway_pid"
    wait "$gateway_pid" 2>/dev/null || true
  fi
  gateway_pid=
}
trap stop_gateway EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# start_gateway CONFIG LOG [VAR=VALUE...]: serve CONFIG on a free port; sets port.
start_gateway() {
  local config=$1 log=$2
  shift 2
  port=$(free_port)
  metrics_port=$(free_port)
  env SLUICE_PORT="$port" SLUICE_METRICS_PORT="$metrics_port" SLUICE_ADMIN_PORT=0 SLUICE_DRAIN_DELAY=0s \
    SLUICE_API_KEY_SHA256="$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)" "$@" \
    java -jar "$SLUICE_JAR" serve -c "$config" >"$log" 2>&1 &
  gateway_pid=$!
  local deadline=$((SECONDS + 60))
  until curl -fs -o /dev/null "http://127.0.0.1:$port/readyz"; do
    kill -0 "$gateway_pid" 2>/dev/null || die "the gateway exited; see $log"
    ((SECONDS < deadline)) || die "the gateway was not ready within 60 s; see $log"
    sleep 0.2
  done
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# --- 1. write → swap with $ROUTES routes ----------------------------------------------------
swap=$OUT/swap
mkdir -p "$swap"
cat >"$swap/gateway.yaml" <<'YAML'
server:
  host: 127.0.0.1
  port: ${SLUICE_PORT:-8080}
  shutdown: {drain-delay: 0s, grace: 5s}
reload:
  watch: true
logging:
  format: json
  level: info
route-files:
  - routes.yaml
stacks:
  empty: []
YAML
# routes FILE N BODY: N static routes; route 1's body is BODY.
routes() {
  awk -v n="$2" -v body="$3" 'BEGIN {
    print "routes:"
    for (i = 1; i <= n; i++) {
      printf "  - id: r%d\n    method: GET\n    path: /r/%d\n    stack: empty\n", i, i
      printf "    static:\n      status: 200\n      body: \"%s\"\n", (i == 1 ? body : "route " i)
    }
  }' >"$1.tmp"
  mv "$1.tmp" "$1" # one rename, as editors save
}
routes "$swap/routes.yaml" "$ROUTES" "edit-0"
start_gateway "$swap/gateway.yaml" "$swap/gateway.log"
echo "Sluice reload benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, logs in $OUT"
echo
echo "1. write → serving, $ROUTES routes in one file, $EDITS edits:"
write_ms=()
for ((e = 1; e <= EDITS; e++)); do
  sleep 1
  t0=$(date +%s%N)
  routes "$swap/routes.yaml" "$ROUTES" "edit-$e"
  deadline=$((SECONDS + 20))
  until [[ $(curl -s "http://127.0.0.1:$port/r/1") == "edit-$e" ]]; do
    ((SECONDS < deadline)) || die "edit $e was not served within 20 s; see $swap/gateway.log"
    sleep 0.005
  done
  t1=$(date +%s%N)
  write_ms+=($(((t1 - t0) / 1000000)))
done
deadline=$((SECONDS + 10)) # log lines are written in batches by a thread of their own
until (($(grep -c '"msg":"config reloaded"' "$swap/gateway.log") >= EDITS)) || ((SECONDS > deadline)); do
  sleep 0.2
done
mapfile -t reload_ms < <(grep '"msg":"config reloaded"' "$swap/gateway.log" |
  sed -E 's/.*"duration_ms":"?([0-9]+).*/\1/')
((${#reload_ms[@]} >= EDITS)) || die "expected $EDITS 'config reloaded' lines in $swap/gateway.log"
debounce_note="(the watch waits reload.debounce, 250 ms by default, for the writes to settle)"
printf '   write → new body served: median %s ms (min %s, max %s) %s\n' \
  "$(printf '%s\n' "${write_ms[@]}" | median)" \
  "$(printf '%s\n' "${write_ms[@]}" | sort -n | head -1)" \
  "$(printf '%s\n' "${write_ms[@]}" | sort -n | tail -1)" "$debounce_note"
printf '   reload (read, validate, build, swap): median %s ms (min %s, max %s)\n' \
  "$(printf '%s\n' "${reload_ms[@]}" | median)" \
  "$(printf '%s\n' "${reload_ms[@]}" | sort -n | head -1)" \
  "$(printf '%s\n' "${reload_ms[@]}" | sort -n | tail -1)"
stop_gateway

# --- 2. throughput with a reload every second against none ----------------------------------
tree=$OUT/tree
mkdir -p "$tree"
cp -r "$root/config" "$root/routes" "$root/schemas" "$root/examples" "$tree/"
dropdb --if-exists "$BENCH_DB" 2>/dev/null || true
createdb "$BENCH_DB" || die "cannot create database $BENCH_DB"
psql -q -d "$BENCH_DB" -f "$root/examples/users/schema.sql" >/dev/null
psql -q -d "$BENCH_DB" -f "$root/examples/users/seed.sql" >/dev/null
extra=$tree/routes/zz-reload-bench.yaml
# extra N: the extra route file with N (1 or 2) static routes
extra() {
  {
    echo "routes:"
    for ((i = 1; i <= $1; i++)); do
      printf '  - id: reload-bench-%d\n    method: GET\n    path: /reload-bench/%d\n' "$i" "$i"
      printf '    stack: public\n    static: {status: 200, body: "%d"}\n' "$i"
    done
  } >"$extra.tmp"
  mv "$extra.tmp" "$extra"
}
extra 1
start_gateway "$tree/config/gateway.yaml" "$tree/gateway.log" \
  SLUICE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" SLUICE_DB_USER="$PGUSER" \
  SLUICE_LOG_LEVEL=warn SLUICE_RATE_LIMIT_BURST=1000000000 SLUICE_RATE_LIMIT_PER_SECOND=1000000000
cat >"$OUT/users.lua" <<'LUA'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request() return wrk.format("GET", "/users/" .. math.random(1, 3)) end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local ok, other = 0, 0
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      if status >= 200 and status < 300 then ok = ok + n else other = other + n end
    end
  end
  local e = summary.errors
  io.write(string.format("RESULT ok=%d other=%d errors=%d duration_us=%d p99_us=%d\n", ok, other,
    e.connect + e.read + e.write + e.timeout, summary.duration, latency:percentile(99)))
end
LUA
url=http://127.0.0.1:$port/users/1
if ((WARMUP > 0)); then
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$OUT/users.lua" "$url" >/dev/null
fi
# run NAME RELOAD(0|1): one wrk run; with RELOAD, the extra route file changes every second.
none=() with=()
failed=0
run() {
  local name=$1 reload=$2 writer= result
  if ((reload)); then
    (
      n=1
      while :; do
        sleep 1
        n=$((3 - n))
        extra "$n"
      done
    ) &
    writer=$!
  fi
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$OUT/users.lua" "$url" \
    >"$OUT/$name.txt" 2>&1
  if [[ -n $writer ]]; then
    kill "$writer"
    wait "$writer" 2>/dev/null || true
  fi
  result=$(grep '^RESULT ' "$OUT/$name.txt") || die "no RESULT line in $OUT/$name.txt"
  read -r ok other errors dur p99 < <(sed -E \
    's/RESULT ok=([0-9]+) other=([0-9]+) errors=([0-9]+) duration_us=([0-9]+) p99_us=([0-9]+)/\1 \2 \3 \4 \5/' \
    <<<"$result")
  rps=$(awk -v ok="$ok" -v d="$dur" 'BEGIN {printf "%.1f", ok / (d / 1e6)}')
  printf '   %-9s %9s req/s 2xx, p99 %.2f ms, %d not 2xx, %d socket errors\n' \
    "$name" "$rps" "$(awk -v v="$p99" 'BEGIN {print v / 1000}')" "$other" "$errors"
  failed=$((failed + other + errors))
  if ((reload)); then with+=("$rps"); else none+=("$rps"); fi
}
echo
echo "2. GET /users/{id} (shipped config, PostgreSQL), ${DURATION} s runs, wrk -t$THREADS -c$CONNECTIONS:"
for ((r = 1; r <= ROUNDS; r++)); do
  if ((r % 2)); then
    run "none-$r" 0
    run "reload-$r" 1
  else
    run "reload-$r" 1
    run "none-$r" 0
  fi
done
reloads=$(curl -s "http://127.0.0.1:$metrics_port/metrics" | grep '^sluice_config_reloads_total' || true)
applied=$(awk '/result="applied"/ {printf "%d", $2}' <<<"$reloads")
rejected=$(awk '/result="rejected"/ {printf "%d", $2}' <<<"$reloads")
m_none=$(printf '%s\n' "${none[@]}" | median)
m_with=$(printf '%s\n' "${with[@]}" | median)
printf '   medians: none %s, reload every second %s req/s; reload ÷ none = %.3f\n' \
  "$m_none" "$m_with" "$(awk -v a="$m_with" -v b="$m_none" 'BEGIN {print a / b}')"
echo "   failed requests (not 2xx or socket errors) in all runs: $failed"
echo "   reloads: ${applied:-?} applied, ${rejected:-?} rejected (sluice_config_reloads_total)"
stop_gateway
dropdb --if-exists "$BENCH_DB" 2>/dev/null || true
((failed == 0)) || exit 1
[[ ${rejected:-0} == 0 && ${applied:-0} -gt 0 ]] || exit 1
