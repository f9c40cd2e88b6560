#!/usr/bin/env bash
# Load tests, each a ratio of two throughputs measured in the same run (docs/benchmarks.md).
#
# MODE=sql (default): Sluice's `GET /users/{id}` (examples/users/users.yaml) against pgbench's
# select-only throughput for the same query, on the same PostgreSQL database:
#
#   1. (Re)creates the database $BENCH_DB with examples/users/schema.sql and 100,000 users.
#   2. Starts Sluice from the packaged jar with config/gateway.yaml as shipped (the route's
#      `public` stack with every middleware it has; JSON logs at info, so one access-log line per
#      request, written to $OUT/gateway.log; only the rate limit is raised, see RATE_LIMIT), pool
#      $POOL; waits for /readyz; warms up with wrk.
#   3. Alternates $ROUNDS times: wrk (random id in 1..$ROWS per request, Lua-counted statuses;
#      only 2xx responses count, every other status is reported), then pgbench -S-like custom
#      script (`SELECT id, name, email, created_at FROM users WHERE id = :id`, -M prepared) with
#      as many clients as the gateway's pool has connections.
#   4. Prints every run (with the cores each process used: the machine is shared, so a run that
#      overlapped other work says so), the medians and the ratio gateway / pgbench.
#   With PIPELINED=1 (the default) the gateway above runs the JDBC driver (SLUICE_DB_DRIVER=jdbc)
#   and a second gateway the pipelined one (SLUICE_DB_DRIVER=pipelined); both are measured in every
#   round, taking turns at going first, and the script prints pipelined/jdbc, each one's ratio to
#   pgbench, and the median p99 of each.
#
# MODE=static: one gateway process (bench/static/gateway.yaml) serving the same static route
# behind the full middleware stack (request-id, access-log, cors, ip-filter, rate-limit with the
# limit raised, security-headers: GET /bench/full) and behind an empty stack (GET /bench/empty);
# after the warm-up (half on each), alternates $ROUNDS times wrk on the empty route, then on the
# full one, and prints the medians and the ratio full / empty. No database is used.
#
# MODE=tracing: two gateways on the shipped config and the same database as MODE=sql, one with
# tracing on (every request sampled, spans exported over OTLP/HTTP to a local receiver that
# discards them) and one with tracing off; alternates wrk on GET /users/{id} against each and
# prints the ratio on / off. PROFILE profiles the tracing-on gateway.
#
# MODE=proxy: an upstream nginx (one worker, a 60-byte JSON body on every path), a second nginx as
# reverse proxy in front of it (workers auto, keepalive 64, HTTP/1.1, no access log) and Sluice's
# proxy route GET /bench/proxy (bench/proxy/gateway.yaml: empty stack, log level warn); alternates
# wrk straight to the upstream, through nginx and through Sluice, and prints the ratio of the two
# hops (Sluice / nginx, goal at least 0.8) with each run's p99. Installs nginx with apt-get.
#
# Usage: scripts/load_test.sh            (about 4 minutes with the defaults)
#        MODE=static scripts/load_test.sh
#        MODE=tracing scripts/load_test.sh
#        MODE=proxy scripts/load_test.sh
#        LIMITED=1 DURATION=10 WARMUP=20 scripts/load_test.sh   (the memory acceptance)
# Results and methodology: docs/benchmarks.md.
#
# Knobs (environment):
#   MODE=sql          sql, static, tracing or proxy (above)
#   DURATION=20       seconds of each measured run (wrk and pgbench)
#   WARMUP=60         seconds of wrk before the first measured run (0: none); on 2 shared
#                     cores C2 is still compiling after 30 s of load
#   ROUNDS=3          wrk/pgbench pairs
#   CONNECTIONS=64    wrk connections            THREADS=2   wrk threads
#   POOL=16           gateway pool size = pgbench clients (SLUICE_DB_POOL_SIZE)
#   PGBENCH_JOBS=2    pgbench -j
#   ROWS=100000       users seeded; ids are drawn from 1..ROWS
#   ACCESS_LOG=on     on: log level info, one access-log line per request (the shipped config);
#                     off: SLUICE_LOG_LEVEL=warn, which suppresses the access-log lines
#   RATE_LIMIT=raised raised: the public stack's per-client rate limit (50/s, bursts of 100, all
#                     of wrk's requests come from 127.0.0.1) gets a bucket of 10^9 refilled with
#                     10^9 a second, so the middleware runs on every request but never rejects;
#                     shipped: the limit as configured (expect mostly 429s)
#   GATEWAY_JAVA_OPTS JVM flags for the gateway (default: none, the JVM's defaults)
#   BARE=0            MODE=sql, 1: also serve GET /users/{id} from the bare Helidon + HikariCP
#                     handler (src/test/java/dev/sluice/bench/BareUsersServer.java, from
#                     target/test-classes, built by `mvn -DskipTests package`) and measure it in
#                     every round, taking turns with the gateway at going first; prints
#                     bare/pgbench and gateway/bare too
#                     (PostgreSQL then holds 4 x POOL connections: keep POOL under 25)
#                     MODE=proxy, 1: also a bare Helidon proxy on each HTTP client a proxy could
#                     use (src/test/java/dev/sluice/bench/BareProxyServer.java: the JDK HttpClient,
#                     Sluice's, and Helidon WebClient), measured in every round after Sluice;
#                     prints each one's ratio to nginx and sluice/bare-jdk
#   BARE_PROXIES="jdk webclient eventloop"   MODE=proxy BARE=1: which bare proxies run (above;
#                     eventloop: Vert.x server and client on one event loop per core, no Helidon;
#                     jdk-timeout: the JDK client with a request timeout, as Sluice sets one;
#                     jdk-direct: the JDK client with a direct executor (its tasks on its selector);
#                     helidon-vertx: the Helidon server on the Vert.x client, also available)
#   PORT_FROM=18080   the first port tried for the servers the script starts (MODE=proxy starts
#                     from PORT_FROM + 10); each takes the next free one
#   PIPELINED=1       MODE=sql: also run a gateway on the pipelined driver (see above); 0: only the
#                     gateway on the shipped config's driver choice (pipelined for PostgreSQL)
#   LIMITED_DRIVER=jdbc  the limited gateway's driver (pipelined: its memory with Netty's loops)
#   LIMITED=0         MODE=sql, 1: also run a second gateway limited as the container image runs it
#                     (LIMITED_JAVA_OPTS) and measure it in every round, taking turns with the
#                     unlimited one (GATEWAY_JAVA_OPTS) at going first; prints limited/gateway and
#                     the limited gateway's peak RSS (VmHWM), the memory acceptance of
#                     docs/containers.md (PostgreSQL then holds 4 x POOL more connections)
#   LIMITED_JAVA_OPTS the limited gateway's JVM flags (default: -XX:MaxRAM=256m and the image's
#                     flags, deploy/container/jvm.options)
#   SLUICE_JAR        the jar to run (default target/sluice.jar, built if missing)
#   BASE_JAR          MODE=static: also run a second gateway from this jar (e.g. the previous
#                     commit's target/sluice.jar, built in a git worktree) on BASE_CONFIG (default
#                     CONFIG) and measure both routes on it in every round, taking turns with the
#                     gateway at going first; prints gateway/base for each route: an A/B in one run
#                     MODE=proxy: the proxy route from this jar too, measured after Sluice in every
#                     round; prints sluice/base
#   CONFIG            gateway config (default config/gateway.yaml; MODE=static:
#                     bench/static/gateway.yaml)
#   OUT               directory for logs and results (default: a new /tmp/sluice-load.XXXXXX)
#   PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres   BENCH_DB=sluice_bench
#   KEEP_ACCESS_LOG=1 keep the access-log lines in $OUT/gateway.log (about 0.5 GB a run);
#                     by default they are dropped from it when the gateway stops
#   QUIET_MAX=10 QUIET_TIMEOUT=300   before each run, wait up to QUIET_TIMEOUT s for the
#                     machine to be under QUIET_MAX % busy (others may share it)
#   PROFILE=FILE      after the measured rounds, one more wrk run with a JFR recording
#                     (settings=profile) written to FILE, and its top frames printed
#
# Exit status: 0 when the runs completed (non-2xx responses are reported, not fatal),
# 1 on a setup failure.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
source "$root/ci/lib.sh"
use_java21

MODE=${MODE:-sql}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-60}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
POOL=${POOL:-16}
PGBENCH_JOBS=${PGBENCH_JOBS:-2}
ROWS=${ROWS:-100000}
ACCESS_LOG=${ACCESS_LOG:-on}
RATE_LIMIT=${RATE_LIMIT:-raised}
# None by default: the JVM's defaults, as scripts/sluice runs it (G1 and a quarter of the RAM on
# this machine; ParallelGC with a fixed 512 MiB heap measured the same, docs/benchmarks.md).
GATEWAY_JAVA_OPTS=${GATEWAY_JAVA_OPTS-}
SLUICE_JAR=${SLUICE_JAR:-$root/target/sluice.jar}
case $MODE in
  sql | tracing) CONFIG=${CONFIG:-$root/config/gateway.yaml} ;;
  static) CONFIG=${CONFIG:-$root/bench/static/gateway.yaml} ;;
  proxy) CONFIG=${CONFIG:-$root/bench/proxy/gateway.yaml} ;;
  *)
    echo "load_test: error: MODE must be sql, static, tracing or proxy, not \"$MODE\"" >&2
    exit 1
    ;;
esac
BASE_JAR=${BASE_JAR:-}
BASE_CONFIG=${BASE_CONFIG:-$CONFIG}
OUT=${OUT:-$(mktemp -d /tmp/sluice-load.XXXXXX)}
export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
BENCH_DB=${BENCH_DB:-sluice_bench}
PROFILE=${PROFILE:-}
BARE=${BARE:-0}
[[ $BARE == 0 || $BARE == 1 ]] || { echo "load_test: error: BARE must be 0 or 1" >&2; exit 1; }
if [[ $BARE == 1 && $MODE != sql && $MODE != proxy ]]; then
  echo "load_test: warning: BARE=1 applies to MODE=sql and MODE=proxy only; ignored" >&2
fi
BARE_CLASSES=${BARE_CLASSES:-$root/target/test-classes}
BARE_PROXIES=${BARE_PROXIES:-jdk webclient eventloop}
PORT_FROM=${PORT_FROM:-18080}
LIMITED=${LIMITED:-0}
LIMITED_DRIVER=${LIMITED_DRIVER:-jdbc}
PIPELINED=${PIPELINED:-1}
[[ $PIPELINED == 0 || $PIPELINED == 1 ]] || { echo "load_test: error: PIPELINED must be 0 or 1" >&2; exit 1; }
[[ $MODE == sql ]] || PIPELINED=0
[[ $LIMITED == 0 || $LIMITED == 1 ]] || { echo "load_test: error: LIMITED must be 0 or 1" >&2; exit 1; }
if [[ $LIMITED == 1 && $MODE != sql ]]; then
  echo "load_test: warning: LIMITED=1 applies to MODE=sql only; ignored" >&2
fi
if [[ -z ${LIMITED_JAVA_OPTS+set} ]]; then
  # the image's flags, as the ENTRYPOINT reads them (java @jvm.options), without the comments
  LIMITED_JAVA_OPTS="-XX:MaxRAM=256m $(grep -v '^ *#' "$root/deploy/container/jvm.options" | tr '\n' ' ')"
  LIMITED_JAVA_OPTS=${LIMITED_JAVA_OPTS% }
fi

log() { echo "load_test: $*" >&2; }
die() {
  log "error: $*"
  exit 1
}
case $ACCESS_LOG in
  on) log_level=info ;;
  off) log_level=warn ;;
  *) die "ACCESS_LOG must be on or off, not \"$ACCESS_LOG\"" ;;
esac
case $RATE_LIMIT in
  raised) export SLUICE_RATE_LIMIT_BURST=1000000000 SLUICE_RATE_LIMIT_PER_SECOND=1000000000 ;;
  shipped) ;;
  *) die "RATE_LIMIT must be raised or shipped, not \"$RATE_LIMIT\"" ;;
esac
mkdir -p "$OUT"

# --- tools ----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk with apt-get"
  if ((EUID == 0)); then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null
fi
command -v curl >/dev/null || die "curl is missing"
if [[ $MODE == proxy ]] && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]]; then
  log "installing nginx with apt-get"
  if ((EUID == 0)); then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx >/dev/null
fi
if [[ $MODE != static && $MODE != proxy ]]; then
  for tool in psql pgbench; do
    command -v "$tool" >/dev/null || die "$tool is missing (postgresql-client)"
  done
  pg_isready -q || die "PostgreSQL does not answer on $PGHOST:$PGPORT (ci/services.sh starts it)"

  # --- database -----------------------------------------------------------------------------
  log "creating database $BENCH_DB with $ROWS users"
  psql -qX -v ON_ERROR_STOP=1 -d postgres \
    -c "DROP DATABASE IF EXISTS $BENCH_DB" -c "CREATE DATABASE $BENCH_DB" >/dev/null
  psql -qX -v ON_ERROR_STOP=1 -d "$BENCH_DB" -f "$root/examples/users/schema.sql" >/dev/null
  psql -qX -v ON_ERROR_STOP=1 -d "$BENCH_DB" >/dev/null <<SQL
INSERT INTO users (name, email)
  SELECT 'user ' || g, 'user' || g || '@example.com' FROM generate_series(1, $ROWS) g;
ANALYZE users;
SQL
fi

# --- gateway --------------------------------------------------------------------------------
if [[ ! -f $SLUICE_JAR ]]; then
  log "building $SLUICE_JAR"
  (cd "$root" && mvn -B -q -DskipTests package) >&2
fi

# free_port [FROM]: the first port from FROM (default PORT_FROM) that nothing listens on.
free_port() {
  local port from=${1:-$PORT_FROM}
  for ((port = from; port < from + 100; port++)); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

gateway_pids=()
receiver_pid=""
stop_gateways() {
  local pid f
  for pid in "${gateway_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  gateway_pids=()
  if [[ -n $receiver_pid ]]; then
    kill "$receiver_pid" 2>/dev/null || true
    wait "$receiver_pid" 2>/dev/null || true
    receiver_pid=""
  fi
  # The access log is about 0.5 GB per run: keep the other lines (startup, warnings, errors).
  if [[ ${KEEP_ACCESS_LOG:-0} != 1 ]]; then
    for f in "$OUT"/gateway*.log; do
      [[ -f $f ]] || continue
      grep -v '"logger":"sluice.access"' "$f" >"$f.tmp" || true
      mv "$f.tmp" "$f"
    done
  fi
}
trap stop_gateways EXIT
trap 'exit 130' INT TERM

# start_gateway LOG PORT [VAR=VALUE...]: starts Sluice from the jar on PORT with the benchmark's
# environment plus the given variables, output to $OUT/LOG; waits for /readyz; sets started_pid.
# The JVM flags: $jvm_opts (GATEWAY_JAVA_OPTS unless set otherwise for one call).
start_gateway() {
  local logname=$1 port=$2 i opts=${jvm_opts-$GATEWAY_JAVA_OPTS}
  shift 2
  log "starting Sluice on port $port (pool $POOL, log level $log_level, JVM: ${opts:-defaults}${*:+, $*})"
  # shellcheck disable=SC2086 # the JVM flags are a list
  # GET routes only: the write key's hash is one nobody holds; each gateway's metrics
  # and admin API on a free port
  env SLUICE_PORT="$port" SLUICE_HOST=127.0.0.1 SLUICE_DRAIN_DELAY=0s SLUICE_LOG_LEVEL="$log_level" \
    SLUICE_METRICS_PORT=0 SLUICE_ADMIN_PORT=0 SLUICE_API_KEY_SHA256="$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)" \
    SLUICE_LOG_FORMAT=json SLUICE_DB_POOL_SIZE="$POOL" SLUICE_DB_USER="$PGUSER" SLUICE_DB_PASSWORD='' \
    SLUICE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB" "$@" \
    java $opts -jar "$SLUICE_JAR" serve -c "$CONFIG" >"$OUT/$logname" 2>&1 &
  started_pid=$!
  gateway_pids+=("$started_pid")
  for ((i = 0; i < 60; i++)); do
    kill -0 "$started_pid" 2>/dev/null || die "Sluice exited; see $OUT/$logname"
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/readyz") == 200 ]] && break
    sleep 0.5
  done
  ((i < 60)) || die "Sluice not ready after 30 s; see $OUT/$logname"
}

# start_bare PORT: the bare Helidon + HikariCP handler on PORT (BARE=1); sets bare_pid, bare_base.
start_bare() {
  local port=$1 libs
  libs=$(dirname "$SLUICE_JAR")/libs
  [[ -f $BARE_CLASSES/dev/sluice/bench/BareUsersServer.class ]] ||
    die "no $BARE_CLASSES/dev/sluice/bench/BareUsersServer.class (mvn -DskipTests package builds it)"
  log "starting the bare handler on port $port (pool $POOL)"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of flags
  java $GATEWAY_JAVA_OPTS -cp "$BARE_CLASSES:$libs/*" dev.sluice.bench.BareUsersServer "$port" \
    "jdbc:postgresql://$PGHOST:$PGPORT/$BENCH_DB?user=$PGUSER" "$POOL" >"$OUT/bare.log" 2>&1 &
  bare_pid=$!
  gateway_pids+=("$bare_pid")
  bare_base=http://127.0.0.1:$port
  await_200 "$bare_pid" "$bare_base/users/1" "the bare handler" bare.log
}

# await_200 PID URL WHAT LOG: waits up to 30 s for URL to answer 200; dies when PID exits first.
await_200() {
  local i
  for ((i = 0; i < 60; i++)); do
    kill -0 "$1" 2>/dev/null || die "$3 exited; see $OUT/$4"
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$2") == 200 ]] && return 0
    sleep 0.5
  done
  die "$3 did not answer after 30 s; see $OUT/$4"
}

# start_base_gateway [VAR=VALUE...]: the BASE_JAR gateway on BASE_CONFIG, on the port after
# $last_port, with the given variables; sets ab_pid, ab_base and last_port.
start_base_gateway() {
  [[ -f $BASE_JAR ]] || die "BASE_JAR $BASE_JAR: no such file"
  ab_port=$(free_port $((last_port + 1))) || die "no free port after $last_port"
  SLUICE_JAR=$BASE_JAR CONFIG=$BASE_CONFIG start_gateway gateway-base.log "$ab_port" "$@"
  ab_pid=$started_pid
  ab_base=http://127.0.0.1:$ab_port
  last_port=$ab_port
}

# start_bare_proxy CLIENT PORT UPSTREAM: the bare proxy on that HTTP client, one of BARE_PROXIES
# (MODE=proxy BARE=1, src/test/java/dev/sluice/bench/BareProxyServer.java); sets bare_pid.
start_bare_proxy() {
  local client=$1 port=$2 upstream=$3
  [[ -f $BARE_CLASSES/dev/sluice/bench/BareProxyServer.class ]] ||
    die "no $BARE_CLASSES/dev/sluice/bench/BareProxyServer.class (mvn -DskipTests package builds it)"
  if [[ ! -s $OUT/test-classpath.txt ]]; then
    # WebClient is a test dependency: the test class path, as Maven resolves it
    (cd "$root" && mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$OUT/test-classpath.txt" >"$OUT/classpath.log" 2>&1) ||
      die "mvn dependency:build-classpath failed; see $OUT/classpath.log"
  fi
  log "starting the bare $client proxy on port $port"
  # shellcheck disable=SC2086 # GATEWAY_JAVA_OPTS is a list of flags
  java $GATEWAY_JAVA_OPTS -cp "$BARE_CLASSES:$(cat "$OUT/test-classpath.txt")" \
    dev.sluice.bench.BareProxyServer "$port" "$upstream" "$client" >"$OUT/bare-$client.log" 2>&1 &
  bare_pid=$!
  gateway_pids+=("$bare_pid")
  await_200 "$bare_pid" "http://127.0.0.1:$port/" "the bare $client proxy" "bare-$client.log"
}

# An OTLP/HTTP receiver that answers every export with 200 and an empty body, and discards it.
start_receiver() {
  local port=$1
  python3 - "$port" >"$OUT/receiver.log" 2>&1 <<'PY' &
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class Discard(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    exports = 0

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        Discard.exports += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass

ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Discard).serve_forever()
PY
  receiver_pid=$!
}

# start_nginx NAME PORT BODY: an nginx of its own (prefix $OUT/NAME) in the foreground of a
# background job, configured by BODY (the http block's contents); waits until PORT answers.
start_nginx() {
  local name=$1 port=$2 body=$3 dir=$OUT/$1 i nginx_bin
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$dir/logs" "$dir/tmp"
  cat >"$dir/nginx.conf" <<NGINX
worker_processes ${4:-1};
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  keepalive_requests 1000000;
$body
}
NGINX
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/logs/stdout.log" 2>&1 &
  gateway_pids+=("$!")
  for ((i = 0; i < 50; i++)); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/") == 200 ]] && return 0
    sleep 0.2
  done
  die "nginx $name did not answer on port $port; see $dir/logs"
}

case $MODE in
  proxy)
    # 60 bytes, like a small JSON API answer
    body='{"id":1,"name":"upstream","email":"upstream@example.com"}   '
    upstream_port=$(free_port $((PORT_FROM + 10))) || die "no free port from $((PORT_FROM + 10))"
    start_nginx nginx-upstream "$upstream_port" "  server {
    listen 127.0.0.1:$upstream_port;
    location / { default_type application/json; return 200 '$body'; }
  }"
    nginx_port=$(free_port $((upstream_port + 1))) || die "no free port after $upstream_port"
    start_nginx nginx-proxy "$nginx_port" "  upstream bench { server 127.0.0.1:$upstream_port; keepalive 64; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://bench;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
    }
  }" auto
    port=$(free_port $((nginx_port + 1))) || die "no free port after $nginx_port"
    log_level=warn start_gateway gateway.log "$port" \
      SLUICE_BENCH_UPSTREAM="http://127.0.0.1:$upstream_port"
    gateway_pid=$started_pid
    base=http://127.0.0.1:$port
    last_port=$port
    if [[ -n $BASE_JAR ]]; then
      log_level=warn start_base_gateway SLUICE_BENCH_UPSTREAM="http://127.0.0.1:$upstream_port"
    fi
    declare -A bare_ports bare_pids
    bare_list=()
    if [[ $BARE == 1 ]]; then
      read -r -a bare_list <<<"$BARE_PROXIES"
      for client in "${bare_list[@]}"; do
        bare_ports[$client]=$(free_port $((last_port + 1))) || die "no free port after $last_port"
        start_bare_proxy "$client" "${bare_ports[$client]}" "http://127.0.0.1:$upstream_port"
        bare_pids[$client]=$bare_pid
        last_port=${bare_ports[$client]}
      done
    fi
    ;;
  sql | static)
    port=$(free_port) || die "no free port in $PORT_FROM..$((PORT_FROM + 99))"
    if [[ $PIPELINED == 1 ]]; then
      start_gateway gateway.log "$port" SLUICE_DB_DRIVER=jdbc
    else
      start_gateway gateway.log "$port"
    fi
    gateway_pid=$started_pid
    base=http://127.0.0.1:$port
    last_port=$port
    if [[ $MODE == static && -n $BASE_JAR ]]; then
      start_base_gateway
    fi
    if [[ $PIPELINED == 1 ]]; then
      pipelined_port=$(free_port $((last_port + 1))) || die "no free port after $last_port"
      start_gateway gateway-pipelined.log "$pipelined_port" SLUICE_DB_DRIVER=pipelined
      pipelined_pid=$started_pid
      pipelined_base=http://127.0.0.1:$pipelined_port
      last_port=$pipelined_port
    fi
    if [[ $MODE == sql && $LIMITED == 1 ]]; then
      limited_port=$(free_port $((last_port + 1))) || die "no free port after $last_port"
      jvm_opts=$LIMITED_JAVA_OPTS start_gateway gateway-limited.log "$limited_port" \
        SLUICE_DB_DRIVER="$LIMITED_DRIVER"
      limited_pid=$started_pid
      limited_base=http://127.0.0.1:$limited_port
      last_port=$limited_port
    fi
    if [[ $MODE == sql && $BARE == 1 ]]; then
      bare_port=$(free_port $((last_port + 1))) || die "no free port after $last_port"
      start_bare "$bare_port"
    fi
    ;;
  tracing)
    command -v python3 >/dev/null || die "python3 is missing (the discarding OTLP receiver)"
    receiver_port=$(free_port 14318) || die "no free port from 14318"
    start_receiver "$receiver_port"
    port_on=$(free_port) || die "no free port in 18080..18179"
    start_gateway gateway-tracing-on.log "$port_on" SLUICE_TRACING=true \
      SLUICE_TRACING_SAMPLER_RATIO=1.0 \
      SLUICE_OTLP_ENDPOINT="http://127.0.0.1:$receiver_port/v1/traces"
    pid_on=$started_pid
    port_off=$(free_port $((port_on + 1))) || die "no free port after $port_on"
    start_gateway gateway-tracing-off.log "$port_off" SLUICE_TRACING=false
    pid_off=$started_pid
    gateway_pid=$pid_on
    base=http://127.0.0.1:$port_on
    ;;
esac

if [[ $MODE == static ]]; then
  probes=(/bench/empty /bench/full)
elif [[ $MODE == proxy ]]; then
  probes=(/bench/proxy)
else
  probes=(/users/1)
fi
for b in "$base" ${port_off:+"http://127.0.0.1:$port_off"} ${limited_base:+"$limited_base"} \
  ${pipelined_base:+"$pipelined_base"} ${ab_base:+"$ab_base"}; do
  for path in "${probes[@]}"; do
    probe=$(curl -s -w ' %{http_code}' "$b$path")
    [[ $probe == *' 200' ]] || die "GET $b$path answered: $probe"
  done
done

# --- wrk ------------------------------------------------------------------------------------
# count.lua: per-status counts and one summary line for this script; users.lua adds a random id
# in 1..$ROWS per request.
cat >"$OUT/count.lua" <<LUA
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  math.randomseed(os.time() * 1000 + tid)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local ok, other, parts = 0, 0, {}
  local all = {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("statuses")) do
      all[status] = (all[status] or 0) + n
    end
  end
  for status, n in pairs(all) do
    if status >= 200 and status < 300 then
      ok = ok + n
    else
      other = other + n
      table.insert(parts, status .. "x" .. n)
    end
  end
  table.sort(parts)
  local e = summary.errors
  io.write(string.format(
    "RESULT ok=%d other=%d duration_us=%d p50_us=%d p99_us=%d statuses=%s " ..
    "socket_errors=connect:%d,read:%d,write:%d,timeout:%d\n",
    ok, other, summary.duration, latency:percentile(50), latency:percentile(99),
    #parts > 0 and table.concat(parts, ",") or "-",
    e.connect, e.read, e.write, e.timeout))
end
LUA
{
  cat "$OUT/count.lua"
  cat <<LUA

function request()
  return wrk.format("GET", "/users/" .. math.random(1, $ROWS))
end
LUA
} >"$OUT/users.lua"

# CPU accounting from /proc. Others may share this machine, so every run reports where the
# cores went: the gateway (its pid), the load generator (bash's `time` of wrk or pgbench), other
# processes (any process but these and PostgreSQL's, from /proc snapshots), and the rest of the
# machine's busy time, which is PostgreSQL plus kernel work not charged to a process (and any
# short-lived process that came and went within the run).
clk_tck=$(getconf CLK_TCK)
ncpu=$(nproc)
# snapshot FILE: "uptime_ticks" then "pid comm utime+stime starttime" for every process.
snapshot() {
  {
    awk -v hz="$clk_tck" '{printf "%d\n", $1 * hz}' /proc/uptime
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '{
      line = $0; comm = line; sub(/^[0-9]+ \(/, "", comm); sub(/\) [A-Za-z] .*$/, "", comm)
      gsub(/ /, "_", comm); sub(/^.*\) /, "", line); split(line, f, " ")
      print $1, comm, f[12] + f[13], f[20]}'
  } >"$1"
}
# cores_used NAME: from $OUT/NAME.{before,after,cpu} and the machine ticks m0/m1 of the caller.
cores_used() {
  local name=$1
  awk -v g="$gateway_pid" -v hz="$clk_tck" -v n="$ncpu" -v secs="$2" -v name="$name" \
    -v lg="$(awk '{print $1 + $2}' "$OUT/$name.cpu")" \
    -v mb0="${m0% *}" -v mt0="${m0#* }" -v mb1="${m1% *}" -v mt1="${m1#* }" '
    FNR == 1 { file++; if (file == 1) t0 = $1; next }
    file == 1 { before[$1] = $3; next }
    {
      if ($1 in before) d = $3 - before[$1]; else if ($4 >= t0) d = $3; else d = 0
      if ($1 == g) gw += d
      else if ($2 != "postgres" && $2 != "wrk" && $2 != "pgbench") other += d
    }
    END {
      busy = n * (mb1 - mb0) / ((mt1 - mt0) > 0 ? (mt1 - mt0) : 1)
      gw /= hz * secs; other /= hz * secs; lg /= secs
      printf "cores: gateway %.2f, %s %.2f, postgres+kernel %.2f, other %.2f of %d",
        gw, (name ~ /^pgbench/ ? "pgbench" : "wrk"), lg, busy - gw - lg - other, other, n
      if (other > 0.1) printf "  [NOT QUIET: other processes used %.2f cores]", other
    }' "$OUT/$name.before" "$OUT/$name.after"
}

# run_wrk NAME SECONDS [PATH]: one wrk run (PATH: the same path every request, else users.lua's
# random ids); sets wrk_rps and wrk_line.
run_wrk() {
  local name=$1 secs=$2 path=${3:-} m0 m1 script=$OUT/users.lua url=$base/users/1
  if [[ -n $path ]]; then
    script=$OUT/count.lua
    url=$base$path
  fi
  snapshot "$OUT/$name.before"
  m0=$(machine_ticks)
  local TIMEFORMAT='%U %S'
  { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"${secs}s" --latency -s "$script" \
    "$url" >"$OUT/$name.txt" 2>&1; } 2>"$OUT/$name.cpu" ||
    die "wrk failed; see $OUT/$name.txt"
  m1=$(machine_ticks)
  snapshot "$OUT/$name.after"
  local result
  result=$(grep '^RESULT ' "$OUT/$name.txt") || die "no RESULT line in $OUT/$name.txt"
  local ok other dur statuses sockets p50 p99
  ok=$(sed -E 's/.* ok=([0-9]+).*/\1/' <<<"$result")
  other=$(sed -E 's/.* other=([0-9]+).*/\1/' <<<"$result")
  dur=$(sed -E 's/.* duration_us=([0-9]+).*/\1/' <<<"$result")
  p50=$(sed -E 's/.* p50_us=([0-9]+).*/\1/' <<<"$result")
  p99=$(sed -E 's/.* p99_us=([0-9]+).*/\1/' <<<"$result")
  statuses=$(sed -E 's/.* statuses=([^ ]+).*/\1/' <<<"$result")
  sockets=$(sed -E 's/.* socket_errors=([^ ]+).*/\1/' <<<"$result")
  wrk_rps=$(awk -v ok="$ok" -v d="$dur" 'BEGIN {printf "%.1f", ok / (d / 1e6)}')
  wrk_p99_ms=$(awk -v v="$p99" 'BEGIN {printf "%.2f", v / 1000}')
  wrk_line=$(printf '%-10s %9s req/s 2xx (%d in %.1f s; p50 %.2f ms, p99 %.2f ms)\n%13s%s' \
    "$name" "$wrk_rps" "$ok" "$(awk -v d="$dur" 'BEGIN {print d / 1e6}')" \
    "$(awk -v v="$p50" 'BEGIN {print v / 1000}')" "$(awk -v v="$p99" 'BEGIN {print v / 1000}')" \
    "" "$(cores_used "$name" "$(awk -v d="$dur" 'BEGIN {print d / 1e6}')")")
  if ((other > 0)); then
    wrk_line+=$'\n'"             NOT 2xx: $other responses: $statuses (status x count)"
    non2xx_total=$((non2xx_total + other))
    non2xx_report+=" $name:$statuses"
  fi
  if [[ $sockets != connect:0,read:0,write:0,timeout:0 ]]; then
    wrk_line+=$'\n'"             wrk socket errors: $sockets"
    socket_report+=" $name:$sockets"
  fi
}

cat >"$OUT/select.sql" <<SQL
\set id random(1, $ROWS)
SELECT id, name, email, created_at FROM users WHERE id = :id;
SQL

# run_pgbench NAME: one pgbench run; sets pg_tps and pg_line.
run_pgbench() {
  local name=$1 m0 m1
  snapshot "$OUT/$name.before"
  m0=$(machine_ticks)
  local TIMEFORMAT='%U %S'
  { time pgbench -n -M prepared -c "$POOL" -j "$PGBENCH_JOBS" -T "$DURATION" \
    -f "$OUT/select.sql" "$BENCH_DB" >"$OUT/$name.txt" 2>&1; } 2>"$OUT/$name.cpu" ||
    die "pgbench failed; see $OUT/$name.txt"
  m1=$(machine_ticks)
  snapshot "$OUT/$name.after"
  pg_tps=$(sed -nE 's/^tps = ([0-9.]+) \(without initial connection time\).*/\1/p' "$OUT/$name.txt")
  [[ -n $pg_tps ]] || die "no tps line in $OUT/$name.txt"
  local failed lat
  failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$OUT/$name.txt")
  lat=$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' "$OUT/$name.txt")
  pg_line=$(printf '%-10s %9.1f tps       (latency avg %s ms; failed %s)\n%13s%s' \
    "$name" "$pg_tps" "${lat:-?}" "${failed:-0}" "" "$(cores_used "$name" "$DURATION")")
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR] = $1} END {
  if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

non2xx_total=0
non2xx_report=""
socket_report=""

echo "Sluice load test ($MODE) — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, logs in $OUT"
echo "  config: $CONFIG; jar: $SLUICE_JAR; access log $ACCESS_LOG (level $log_level)," \
  "rate limit $RATE_LIMIT, JVM flags: ${GATEWAY_JAVA_OPTS:-(none)}"
if [[ $MODE == sql ]]; then
  if [[ $PIPELINED == 1 ]]; then
    echo "  gateway (jdbc): GET /users/{id} on $base, pool $POOL"
    echo "  pipelined gateway: GET /users/{id} on $pipelined_base (SLUICE_DB_DRIVER=pipelined)"
  else
    echo "  gateway: GET /users/{id} on $base, pool $POOL"
  fi
  echo "  wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s -s users.lua (random id 1..$ROWS, 2xx only)"
  echo "  pgbench -n -M prepared -c $POOL -j $PGBENCH_JOBS -T $DURATION -f select.sql $BENCH_DB"
  [[ $BARE != 1 ]] || echo "  bare Helidon + HikariCP handler: GET /users/{id} on $bare_base, pool $POOL"
  [[ $LIMITED != 1 ]] || echo "  limited gateway: GET /users/{id} on $limited_base, pool $POOL, JVM: $LIMITED_JAVA_OPTS"
elif [[ $MODE == proxy ]]; then
  echo "  upstream: nginx (1 worker, 60-byte JSON) on 127.0.0.1:$upstream_port;" \
    "nginx reverse proxy (workers auto, keepalive 64) on $nginx_port;" \
    "Sluice GET /bench/proxy (empty stack, log level warn) on $port"
  echo "  wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, alternating direct, nginx, sluice${bare_list[*]:+, }${bare_list[*]}"
elif [[ $MODE == static ]]; then
  echo "  gateway: GET /bench/empty (no middleware) and GET /bench/full (request-id, access-log," \
    "cors, ip-filter, rate-limit, security-headers) on $base"
  echo "  wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s -s count.lua (2xx only), empty then full"
  [[ -z $BASE_JAR ]] || echo "  base gateway: the same routes from $BASE_JAR on $ab_base ($BASE_CONFIG)," \
    "measured in every round, taking turns at going first"
else
  echo "  gateways: GET /users/{id}, pool $POOL each; tracing on (100 % sampled, OTLP/HTTP to a" \
    "discarding receiver on :$receiver_port) on :$port_on, tracing off on :$port_off"
  echo "  wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s -s users.lua (random id 1..$ROWS, 2xx only)," \
    "tracing on then off"
fi

# on_other BASE PID CMD...: runs CMD with wrk pointed at another server (its CPU counted as the
# "gateway"): the bare handler, the limited or pipelined gateway, the BASE_JAR gateway.
on_other() {
  local saved_base=$base saved_pid=$gateway_pid
  base=$1 gateway_pid=$2
  shift 2
  "$@"
  base=$saved_base gateway_pid=$saved_pid
}

a_runs=()
b_runs=()
if [[ $MODE == sql ]]; then
  c_runs=()
  l_runs=()
  p_runs=()
  a_p99=()
  p_p99=()
  if ((WARMUP > 0)); then
    wait_quiet
    run_wrk warmup "$WARMUP"
    echo "$wrk_line"
    if [[ $PIPELINED == 1 ]]; then
      on_other "$pipelined_base" "$pipelined_pid" run_wrk pipelined-warmup "$WARMUP"
      echo "$wrk_line"
    fi
    if [[ $LIMITED == 1 ]]; then
      on_other "$limited_base" "$limited_pid" run_wrk limited-warmup "$WARMUP"
      echo "$wrk_line"
    fi
    if [[ $BARE == 1 ]]; then
      on_other "$bare_base" "$bare_pid" run_wrk bare-warmup "$WARMUP"
      echo "$wrk_line"
    fi
  fi
  measure_gateway() {
    wait_quiet
    run_wrk "wrk-$r" "$DURATION"
    echo "$wrk_line"
    a_runs+=("$wrk_rps")
    a_p99+=("$wrk_p99_ms")
  }
  measure_pipelined() {
    wait_quiet
    on_other "$pipelined_base" "$pipelined_pid" run_wrk "pipelined-$r" "$DURATION"
    echo "$wrk_line"
    p_runs+=("$wrk_rps")
    p_p99+=("$wrk_p99_ms")
  }
  measure_limited() {
    wait_quiet
    on_other "$limited_base" "$limited_pid" run_wrk "limited-$r" "$DURATION"
    echo "$wrk_line"
    l_runs+=("$wrk_rps")
  }
  measure_bare() {
    wait_quiet
    on_other "$bare_base" "$bare_pid" run_wrk "bare-$r" "$DURATION"
    echo "$wrk_line"
    c_runs+=("$wrk_rps")
  }
  order=(measure_gateway)
  [[ $PIPELINED != 1 ]] || order+=(measure_pipelined)
  [[ $LIMITED != 1 ]] || order+=(measure_limited)
  [[ $BARE != 1 ]] || order+=(measure_bare)
  for ((r = 1; r <= ROUNDS; r++)); do
    # With more than one server they take turns going first (the gateway in odd rounds, in
    # reverse order in even ones), so none always runs right after pgbench or with a warmer
    # page cache.
    if ((r % 2 == 1)); then
      for m in "${order[@]}"; do "$m"; done
    else
      for ((m = ${#order[@]} - 1; m >= 0; m--)); do "${order[m]}"; done
    fi
    wait_quiet
    run_pgbench "pgbench-$r"
    echo "$pg_line"
    b_runs+=("$pg_tps")
  done
  a_label="gateway" a_unit="req/s (2xx)" b_label="pgbench" b_unit="tps" ratio_label="gateway/pgbench"
elif [[ $MODE == proxy ]]; then
  sluice_base=$base
  # on_base URL NAME SECS PATH: run_wrk against another server, then back to Sluice.
  on_base() {
    base=$1
    run_wrk "$2" "$3" "$4"
    base=$sluice_base
  }
  if ((WARMUP > 0)); then
    wait_quiet
    run_wrk warm-sluice $((WARMUP / 2)) /bench/proxy
    echo "$wrk_line"
    on_base "http://127.0.0.1:$nginx_port" warm-nginx $((WARMUP - WARMUP / 2)) /
    echo "$wrk_line"
    if [[ -n $BASE_JAR ]]; then
      on_other "$ab_base" "$ab_pid" run_wrk warm-base $((WARMUP / 2)) /bench/proxy
      echo "$wrk_line"
    fi
    for client in "${bare_list[@]}"; do
      on_other "http://127.0.0.1:${bare_ports[$client]}" "${bare_pids[$client]}" \
        run_wrk "warm-$client" $((WARMUP / 2)) /
      echo "$wrk_line"
    done
  fi
  base_runs=()
  base_p99=()
  declare -A bare_runs bare_p99s
  sluice_p99=()
  nginx_p99=()
  for ((r = 1; r <= ROUNDS; r++)); do
    wait_quiet
    on_base "http://127.0.0.1:$upstream_port" "direct-$r" "$DURATION" /
    echo "$wrk_line"
    c_runs+=("$wrk_rps")
    wait_quiet
    on_base "http://127.0.0.1:$nginx_port" "nginx-$r" "$DURATION" /
    echo "$wrk_line"
    b_runs+=("$wrk_rps")
    nginx_p99+=("$wrk_p99_ms")
    wait_quiet
    run_wrk "sluice-$r" "$DURATION" /bench/proxy
    echo "$wrk_line"
    a_runs+=("$wrk_rps")
    sluice_p99+=("$wrk_p99_ms")
    if [[ -n $BASE_JAR ]]; then
      wait_quiet
      on_other "$ab_base" "$ab_pid" run_wrk "base-$r" "$DURATION" /bench/proxy
      echo "$wrk_line"
      base_runs+=("$wrk_rps")
      base_p99+=("$wrk_p99_ms")
    fi
    for client in "${bare_list[@]}"; do
      wait_quiet
      on_other "http://127.0.0.1:${bare_ports[$client]}" "${bare_pids[$client]}" \
        run_wrk "$client-$r" "$DURATION" /
      echo "$wrk_line"
      bare_runs[$client]+=" $wrk_rps"
      bare_p99s[$client]+=" $wrk_p99_ms"
    done
  done
  a_label="sluice" a_unit="req/s (2xx)" b_label="nginx" b_unit="req/s (2xx)" ratio_label="sluice-hop/nginx-hop (goal: at least 0.8)"
elif [[ $MODE == static ]]; then
  if ((WARMUP > 0)); then
    wait_quiet
    run_wrk warm-empty $((WARMUP / 2)) /bench/empty
    echo "$wrk_line"
    run_wrk warm-full $((WARMUP - WARMUP / 2)) /bench/full
    echo "$wrk_line"
  fi
  if [[ -n $BASE_JAR ]] && ((WARMUP > 0)); then
    on_other "$ab_base" "$ab_pid" run_wrk base-warm-empty $((WARMUP / 2)) /bench/empty
    echo "$wrk_line"
    on_other "$ab_base" "$ab_pid" run_wrk base-warm-full $((WARMUP - WARMUP / 2)) /bench/full
    echo "$wrk_line"
  fi
  base_empty_runs=()
  base_full_runs=()
  measure_static() {
    wait_quiet
    run_wrk "empty-$r" "$DURATION" /bench/empty
    echo "$wrk_line"
    b_runs+=("$wrk_rps")
    wait_quiet
    run_wrk "full-$r" "$DURATION" /bench/full
    echo "$wrk_line"
    a_runs+=("$wrk_rps")
  }
  measure_base() {
    wait_quiet
    on_other "$ab_base" "$ab_pid" run_wrk "base-empty-$r" "$DURATION" /bench/empty
    echo "$wrk_line"
    base_empty_runs+=("$wrk_rps")
    wait_quiet
    on_other "$ab_base" "$ab_pid" run_wrk "base-full-$r" "$DURATION" /bench/full
    echo "$wrk_line"
    base_full_runs+=("$wrk_rps")
  }
  for ((r = 1; r <= ROUNDS; r++)); do
    if [[ -z $BASE_JAR ]]; then
      measure_static
    elif ((r % 2 == 1)); then
      measure_static
      measure_base
    else
      measure_base
      measure_static
    fi
  done
  a_label="full" a_unit="req/s (2xx)" b_label="empty" b_unit="req/s (2xx)" ratio_label="full/empty"
else
  # use_gateway on|off: the gateway the next wrk run measures.
  use_gateway() {
    if [[ $1 == on ]]; then
      gateway_pid=$pid_on port=$port_on
    else
      gateway_pid=$pid_off port=$port_off
    fi
    base=http://127.0.0.1:$port
  }
  if ((WARMUP > 0)); then
    wait_quiet
    use_gateway on
    run_wrk warm-on $((WARMUP / 2))
    echo "$wrk_line"
    use_gateway off
    run_wrk warm-off $((WARMUP - WARMUP / 2))
    echo "$wrk_line"
  fi
  for ((r = 1; r <= ROUNDS; r++)); do
    wait_quiet
    use_gateway on
    run_wrk "on-$r" "$DURATION"
    echo "$wrk_line"
    a_runs+=("$wrk_rps")
    wait_quiet
    use_gateway off
    run_wrk "off-$r" "$DURATION"
    echo "$wrk_line"
    b_runs+=("$wrk_rps")
  done
  use_gateway on
  a_label="on" a_unit="req/s (2xx)" b_label="off" b_unit="req/s (2xx)" ratio_label="tracing-on/off"
fi

a_median=$(median "${a_runs[@]}")
b_median=$(median "${b_runs[@]}")
ratio=$(awk -v a="$a_median" -v b="$b_median" 'BEGIN {printf "%.2f", a / b}')
echo
printf 'median %-8s %10.1f %-12s runs: %s\n' "$a_label" "$a_median" "$a_unit" "${a_runs[*]}"
printf 'median %-8s %10.1f %-12s runs: %s\n' "$b_label" "$b_median" "$b_unit" "${b_runs[*]}"
echo "ratio $ratio_label: $ratio"
if [[ $MODE == sql && $LIMITED == 1 ]]; then
  l_median=$(median "${l_runs[@]}")
  printf 'median %-8s %10.1f %-12s runs: %s\n' limited "$l_median" "req/s (2xx)" "${l_runs[*]}"
  limited_ratio=$(awk -v a="$l_median" -v b="$a_median" 'BEGIN {printf "%.2f", a / b}')
  # VmHWM: the most resident memory the process ever had, start-up and every run included.
  limited_hwm_kib=$(awk '/^VmHWM:/ {print $2}' "/proc/$limited_pid/status")
  limited_rss_kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$limited_pid/status")
  echo "ratio limited/gateway: $limited_ratio (goal: at least 0.90)"
  printf 'limited gateway RSS: peak %.1f MiB (VmHWM), now %.1f MiB (goal: peak under 256 MiB)\n' \
    "$(awk -v k="$limited_hwm_kib" 'BEGIN {print k / 1024}')" \
    "$(awk -v k="$limited_rss_kib" 'BEGIN {print k / 1024}')"
fi
if [[ $MODE == static && -n $BASE_JAR ]]; then
  base_empty_median=$(median "${base_empty_runs[@]}")
  base_full_median=$(median "${base_full_runs[@]}")
  printf 'median %-8s %10.1f %-12s runs: %s\n' base-full "$base_full_median" "req/s (2xx)" "${base_full_runs[*]}"
  printf 'median %-8s %10.1f %-12s runs: %s\n' base-empty "$base_empty_median" "req/s (2xx)" "${base_empty_runs[*]}"
  ratio_base_full=$(awk -v a="$a_median" -v b="$base_full_median" 'BEGIN {printf "%.2f", a / b}')
  ratio_base_empty=$(awk -v a="$b_median" -v b="$base_empty_median" 'BEGIN {printf "%.2f", a / b}')
  echo "base: $BASE_JAR"
  echo "ratio base full/empty: $(awk -v a="$base_full_median" -v b="$base_empty_median" 'BEGIN {printf "%.2f", a / b}')"
  echo "ratio gateway/base: full $ratio_base_full, empty $ratio_base_empty"
fi
if [[ $MODE == proxy ]]; then
  c_median=$(median "${c_runs[@]}")
  printf 'median %-8s %10.1f %-12s runs: %s\n' direct "$c_median" "req/s (2xx)" "${c_runs[*]}"
  # shellcheck disable=SC2086 # the runs are a space-separated list
  echo "p99 (median of the rounds): nginx $(median ${nginx_p99[*]}) ms, sluice $(median ${sluice_p99[*]}) ms"
  if [[ -n $BASE_JAR ]]; then
    base_median=$(median "${base_runs[@]}")
    printf 'median %-8s %10.1f %-12s runs: %s\n' base "$base_median" "req/s (2xx)" "${base_runs[*]}"
    echo "base: $BASE_JAR; ratio sluice/base: $(awk -v a="$a_median" -v b="$base_median" 'BEGIN {printf "%.2f", a / b}'), base/nginx: $(awk -v a="$base_median" -v b="$b_median" 'BEGIN {printf "%.2f", a / b}'), p99 base $(median "${base_p99[@]}") ms"
  fi
  for client in "${bare_list[@]}"; do
    # shellcheck disable=SC2086
    bare_median=$(median ${bare_runs[$client]})
    printf 'median %-14s %10.1f %-12s runs:%s\n' "bare-$client" "$bare_median" "req/s (2xx)" "${bare_runs[$client]}"
    # shellcheck disable=SC2086
    line="ratio bare-$client/nginx: $(awk -v a="$bare_median" -v b="$b_median" 'BEGIN {printf "%.2f", a / b}'), p99 $(median ${bare_p99s[$client]}) ms"
    [[ $client != jdk ]] || line+=", sluice/bare-jdk: $(awk -v a="$a_median" -v b="$bare_median" 'BEGIN {printf "%.2f", a / b}')"
    echo "$line"
  done
fi
if [[ $MODE == sql && $PIPELINED == 1 ]]; then
  p_median=$(median "${p_runs[@]}")
  printf 'median %-8s %10.1f %-12s runs: %s\n' pipelined "$p_median" "req/s (2xx)" "${p_runs[*]}"
  ratio_pj=$(awk -v a="$p_median" -v b="$a_median" 'BEGIN {printf "%.2f", a / b}')
  ratio_pp=$(awk -v a="$p_median" -v b="$b_median" 'BEGIN {printf "%.2f", a / b}')
  a_p99_median=$(median "${a_p99[@]}")
  p_p99_median=$(median "${p_p99[@]}")
  echo "ratio pipelined/jdbc: $ratio_pj (goal: at least 1.3)"
  echo "ratio pipelined/pgbench: $ratio_pp; jdbc/pgbench: $ratio"
  echo "p99 (median of the rounds): jdbc $a_p99_median ms, pipelined $p_p99_median ms"
fi
if [[ $MODE == sql && $BARE == 1 ]]; then
  c_median=$(median "${c_runs[@]}")
  printf 'median %-8s %10.1f %-12s runs: %s\n' bare "$c_median" "req/s (2xx)" "${c_runs[*]}"
  echo "ratio bare/pgbench: $(awk -v a="$c_median" -v b="$b_median" 'BEGIN {printf "%.2f", a / b}')"
  echo "ratio gateway/bare: $(awk -v a="$a_median" -v b="$c_median" 'BEGIN {printf "%.2f", a / b}')"
fi
if ((non2xx_total > 0)); then
  echo "WARNING: $non2xx_total non-2xx responses (not counted):$non2xx_report"
else
  echo "non-2xx responses: none"
fi
[[ -z $socket_report ]] || echo "WARNING: wrk socket errors:$socket_report"
{
  echo "mode=$MODE"
  echo "${a_label}_runs=${a_runs[*]}"
  echo "${b_label}_runs=${b_runs[*]}"
  echo "${a_label}_median=$a_median"
  echo "${b_label}_median=$b_median"
  echo "ratio=$ratio"
  echo "non2xx=$non2xx_total"
  [[ ${c_median:-} == "" ]] || echo "bare_median=$c_median"
  if [[ ${base_full_median:-} != "" ]]; then
    echo "base_full_median=$base_full_median"
    echo "base_empty_median=$base_empty_median"
    echo "ratio_base_full=$ratio_base_full"
    echo "ratio_base_empty=$ratio_base_empty"
  fi
  if [[ ${p_median:-} != "" ]]; then
    echo "pipelined_runs=${p_runs[*]}"
    echo "pipelined_median=$p_median"
    echo "ratio_pipelined_jdbc=$ratio_pj"
    echo "ratio_pipelined_pgbench=$ratio_pp"
    echo "p99_ms_jdbc=$a_p99_median"
    echo "p99_ms_pipelined=$p_p99_median"
  fi
  if [[ ${l_median:-} != "" ]]; then
    echo "limited_runs=${l_runs[*]}"
    echo "limited_median=$l_median"
    echo "ratio_limited=$limited_ratio"
    echo "limited_rss_peak_kib=$limited_hwm_kib"
  fi
} >"$OUT/results.env"

# --- optional profile -----------------------------------------------------------------------
if [[ -n $PROFILE ]]; then
  [[ $PROFILE == /* ]] || PROFILE=$PWD/$PROFILE
  rm -f "$PROFILE"
  # JDK 25+: the CPU-time sampler (JEP 509), which also sees time spent in native code and
  # system calls; jdk.ExecutionSample only samples threads running Java code.
  if (($(java_major "$JAVA_HOME/bin/java") >= 25)); then
    event=jdk.CPUTimeSample
    jfr_opts=("$event#enabled=true" "$event#throttle=2ms")
  else
    event=jdk.ExecutionSample
    jfr_opts=()
  fi
  log "profiling one more wrk run with JFR ($event) into $PROFILE"
  wait_quiet
  jcmd "$gateway_pid" JFR.start name=load settings=profile filename="$PROFILE" \
    "${jfr_opts[@]}" >/dev/null
  if [[ $MODE == static ]]; then
    run_wrk profiled "$DURATION" /bench/full
  elif [[ $MODE == proxy ]]; then
    base=$sluice_base
    run_wrk profiled "$DURATION" /bench/proxy
  else
    run_wrk profiled "$DURATION"
  fi
  jcmd "$gateway_pid" JFR.stop name=load >/dev/null
  echo "$wrk_line   (under JFR)"
  jfr print --stack-depth 128 --events "$event" "$PROFILE" >"$OUT/samples.txt"
  # Three views of the samples: the top frames; each sample charged to the code that owns it
  # (the leaf frame, or for a JDK leaf such as a socket write the nearest caller outside the
  # JDK, so a write0 under pgjdbc counts for pgjdbc); and the share of samples under a few
  # frames of the request path (these overlap).
  awk '
    function jdk(f) { return f ~ /^(java|javax|sun|jdk|com\.sun)\./ && f !~ /^java\.util\.logging\./ }
    function owner(f,    p, k) {
      if (f ~ /^dev\.sluice\./) { sub(/\.[^.]+$/, "", f); sub(/\$.*/, "", f); return f }
      if (f ~ /^io\.helidon\./) return "io.helidon"
      if (f ~ /^com\.zaxxer\.hikari/) return "com.zaxxer.hikari"
      if (f ~ /^org\.postgresql/) return "org.postgresql (pgjdbc)"
      if (f ~ /^com\.fasterxml\.jackson/) return "com.fasterxml.jackson"
      if (f ~ /^java\.util\.logging/) return "java.util.logging"
      k = split(f, p, "."); return p[1] "." p[2]
    }
    function flush_sample(    i, o) {
      if (depth == 0) return
      n++; self[st[1]]++
      o = ""
      for (i = 1; i <= depth; i++) if (!jdk(st[i])) { o = owner(st[i]); break }
      if (o == "") o = "JDK only (virtual-thread scheduler, pollers, JFR)"
      own[o]++
      if (leafkind(st[1]) != "") sys[leafkind(st[1]) " from " o]++
      for (i = 1; i <= depth; i++) on[st[i]] = 1
      for (k = 1; k <= nmark; k++) if (mark_hit(k)) under[k]++
      delete on
    }
    function leafkind(f) {
      if (f ~ /^sun\.nio\.ch\.SocketDispatcher/) return "socket syscall"
      if (f ~ /^sun\.nio\.ch\.EPoll/) return "epoll"
      if (f ~ /^java\.io\.FileOutputStream/) return "stdout write"
      return ""
    }
    function m(label, re) { nmark++; mlabel[nmark] = label; mark[nmark] = re }
    function mark_hit(k,    f) {
      for (f in on) if (f ~ mark[k]) return 1
      return 0
    }
    BEGIN {
      m("access-log line (Log.log)", "^dev\\.sluice\\.observability\\.Log\\.log$")
      m("Sluice routing + chain (GatewayHandler.handle)", "^dev\\.sluice\\.server\\.GatewayHandler\\.handle$")
      m("SQL handler (SqlHandler.handle)", "^dev\\.sluice\\.handler\\.sql\\.SqlHandler\\.handle$")
      m("  pool: getConnection", "^com\\.zaxxer\\.hikari\\.HikariDataSource\\.getConnection$")
      m("  pool: connection close", "^com\\.zaxxer\\.hikari\\.pool\\.ProxyConnection\\.close$")
      m("  statement execute (pgjdbc)", "^org\\.postgresql\\.jdbc\\.PgPreparedStatement\\.execute")
      m("  JSON row writing (RowWriter)", "^dev\\.sluice\\.handler\\.sql\\.RowWriter\\.")
      m("  response send (Exchange.send)", "^dev\\.sluice\\.http\\.Exchange\\.send$")
      m("Helidon HTTP/1 connection (all of it)", "^io\\.helidon\\.webserver\\.http1\\.Http1Connection\\.handle$")
      m("socket read/write system calls", "^sun\\.nio\\.ch\\.SocketDispatcher\\.(read|write)0$")
      m("epoll system calls", "^sun\\.nio\\.ch\\.EPoll\\.")
      m("stdout write system calls", "^java\\.io\\.FileOutputStream\\.writeBytes$")
    }
    /^jdk\.[A-Za-z]+ \{/ { flush_sample(); depth = 0; next }
    /^    [^ ]/ {
      f = $0; sub(/^ +/, "", f); sub(/\(.*/, "", f)
      if (f != "...") st[++depth] = f
    }
    END {
      flush_sample()
      printf "%d samples\n\ntop 20 frames (self):\n", n
      cmd = "sort -rn | head -20"
      for (k in self) printf "%6.1f%%  %s\n", 100 * self[k] / n, k | cmd
      close(cmd)
      printf "\nby owner (JDK frames are charged to their nearest caller outside the JDK):\n"
      cmd = "sort -rn | head -25"
      for (k in own) printf "%6.1f%%  %s\n", 100 * own[k] / n, k | cmd
      close(cmd)
      printf "\nsystem calls, by the owner that made them:\n"
      cmd = "sort -rn"
      for (k in sys) printf "%6.1f%%  %s\n", 100 * sys[k] / n, k | cmd
      close(cmd)
      printf "\nunder these frames (inclusive; overlapping):\n"
      for (k = 1; k <= nmark; k++) printf "%6.1f%%  %s\n", 100 * under[k] / n, mlabel[k]
    }' "$OUT/samples.txt" | tee "$OUT/profile.txt"
fi
