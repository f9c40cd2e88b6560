#!/usr/bin/env bash
# Start-up time: from the java process's start to the first `/readyz` 200, for the packaged jar
# with config/gateway.yaml as shipped (the embedded database), the image's JVM flags
# (deploy/container/jvm.options), with and without class sharing (docs/benchmarks.md,
# "Containers: memory limit and start-up").
#
# Each round starts the jar once per mode, in turn, then stops it (SIGTERM):
#   aot   with the AOT cache (-XX:AOTCache): target/sluice.aot, made by the image's own training
#         run (deploy/container/aot-training.sh) when missing or older than the jar
#   cds   the JDK's default CDS archive only (what a plain `java -jar` gets)
#   off   no class sharing at all (-Xshare:off): what the image runs without its AOT cache (its
#         jlink'd runtime has no default CDS archive)
# Per start it prints the time to /readyz 200, the CPU the JVM had used by then (user + system:
# the work, which other load does not change much), and how many of the machine's cores the other
# processes kept busy meanwhile (a start-up timed while others take the cores measures them); then
# per mode the minimum and median of each, and the load average.
#
# Usage: scripts/startup_time.sh            (5 rounds of aot, cds, off; about a minute when quiet)
#        RUNS=10 MODES="aot off" scripts/startup_time.sh
# Knobs: RUNS (5), MODES ("aot cds off"), AOT_CACHE (target/sluice.aot), JAVA_OPTS (more flags,
#        every mode), PORT (the first port tried, 28080; the metrics and admin listeners take the
#        next free ones), KEEP_LOGS=1 (leave each start's output in the temporary directory).
# The measured JVMs run at the caller's priority (run it un-niced for figures); the AOT training
# run, when one is needed, under nice -n 19.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
source ci/lib.sh
use_java21
ensure_jar "$root"

RUNS=${RUNS:-5}
MODES=${MODES:-"aot cds off"}
AOT_CACHE=${AOT_CACHE:-$root/target/sluice.aot}
jar=$root/target/sluice.jar
options=$root/deploy/container/jvm.options
java=$JAVA_HOME/bin/java
read -r -a extra <<<"${JAVA_OPTS:-}"
out=$(mktemp -d /tmp/sluice-startup.XXXXXX)
pid=""
cleanup() {
  [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null || true
  [[ ${KEEP_LOGS:-0} == 1 ]] && echo "logs in $out" >&2 || rm -rf "$out"
}
trap cleanup EXIT

if [[ " $MODES " == *" aot "* && (! -s $AOT_CACHE || $jar -nt $AOT_CACHE) ]]; then
  echo "startup_time: training the AOT cache $AOT_CACHE (deploy/container/aot-training.sh)" >&2
  AOT_JAVA=$java AOT_JAR=$jar AOT_JVM_OPTIONS=$options AOT_CONFIG_DIR=$root/config \
    nice -n 19 deploy/container/aot-training.sh "$AOT_CACHE" >&2
fi

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
next_free() { # the first port from $1 on that nothing listens on
  local p=$1
  while listening "$p"; do
    p=$((p + 1))
    ((p < $1 + 100)) || { echo "startup_time: no free port from $1" >&2; exit 1; }
  done
  echo "$p"
}
port=$(next_free "${PORT:-28080}")
metrics_port=$(next_free $((port + 1)))
admin_port=$(next_free $((metrics_port + 1)))

ticks=$(getconf CLK_TCK)
cores=$(nproc)
# start MODE N: one start; prints "wall_ms cpu_ms others_cores"
start() {
  local mode=$1 n=$2 flags=() t0 t1 m0 m1 stat wall cpu ready
  case $mode in
    aot) flags=(-XX:AOTCache="$AOT_CACHE" -XX:AOTMode=on) ;; # on: refuse to start rather than ignore it
    cds) flags=() ;;
    off) flags=(-Xshare:off) ;;
    *) echo "startup_time: unknown mode $mode (aot, cds, off)" >&2; exit 2 ;;
  esac
  m0=$(machine_ticks)
  t0=$EPOCHREALTIME
  SLUICE_PORT=$port SLUICE_METRICS_PORT=$metrics_port SLUICE_ADMIN_PORT=$admin_port \
    SLUICE_DRAIN_DELAY=0s SLUICE_API_KEY_SHA256=$(printf %s startup-key | sha256sum | cut -c1-64) \
    "$java" "${flags[@]}" "@$options" ${extra[@]+"${extra[@]}"} -jar "$jar" serve \
    -c "$root/config/gateway.yaml" >"$out/$mode.$n.log" 2>"$out/$mode.$n.err" &
  pid=$!
  ready=0
  poll_until_200 "$port" /readyz "$pid" 60 && ready=1 # polls every 5 ms, starting no process
  t1=$EPOCHREALTIME
  if ((!ready)); then
    kill -0 "$pid" 2>/dev/null || { cat "$out/$mode.$n".* >&2; echo "startup_time: $mode exited" >&2; exit 1; }
    kill -KILL "$pid" # this runs in a subshell of its own: the script's EXIT trap does not see pid
    echo "startup_time: $mode not ready within 60 s" >&2
    exit 1
  fi
  read -r -a stat <"/proc/$pid/stat"
  m1=$(machine_ticks)
  kill -TERM "$pid"
  wait "$pid" || { echo "startup_time: $mode did not exit 0 after SIGTERM" >&2; exit 1; }
  pid=""
  wall=$(((${t1/./} - ${t0/./}) / 1000))
  cpu=$(((stat[13] + stat[14]) * 1000 / ticks))
  # the machine's busy ticks during the start, less this JVM's, as cores
  awk -v w="$wall" -v c="$cpu" -v a0="${m0% *}" -v at="${m0#* }" -v b0="${m1% *}" -v bt="${m1#* }" \
    -v t="$ticks" -v n="$cores" 'BEGIN {
      busy = (bt - at) > 0 ? n * (b0 - a0) / (bt - at) : 0   # cores busy on average
      others = busy - (w > 0 ? c / w : 0)
      printf "%d %d %.2f\n", w, c, (others < 0 ? 0 : others) }'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
declare -A walls cpus others
echo "start-up to /readyz 200: $(basename "$jar") with @deploy/container/jvm.options${JAVA_OPTS:+ $JAVA_OPTS}, $RUNS rounds of: $MODES"
echo "java: $("$java" -version 2>&1 | head -n1); $cores cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= RUNS; r++)); do
  for mode in $MODES; do
    read -r w c o < <(start "$mode" "$r")
    walls[$mode]+="$w "
    cpus[$mode]+="$c "
    others[$mode]+="$o "
    printf '%-4s run %d: %6d ms to ready, JVM CPU %6d ms, other processes %s cores, load %s\n' \
      "$mode" "$r" "$w" "$c" "$o" "$(cut -d' ' -f1 /proc/loadavg)"
  done
done
for mode in $MODES; do
  read -r -a ws <<<"${walls[$mode]}"
  read -r -a cs <<<"${cpus[$mode]}"
  read -r -a os <<<"${others[$mode]}"
  printf '%-4s min %6d ms, median %6d ms to ready; JVM CPU median %6d ms; other processes median %s cores\n' \
    "$mode" "$(printf '%s\n' "${ws[@]}" | sort -n | head -n1)" "$(printf '%s\n' "${ws[@]}" | median)" \
    "$(printf '%s\n' "${cs[@]}" | median)" "$(printf '%s\n' "${os[@]}" | median)"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
