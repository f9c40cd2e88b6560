#!/usr/bin/env bash
# Makes sure the test services answer on loopback: PostgreSQL on 5432 (with the
# database sluice_test) and Redis on 6379. Starts them if they are down, installs
# them with apt if they are missing. Idempotent: does nothing to services that answer.
# Also installs Debian's prometheus package (promtool, and the server the metrics
# tests start themselves) and docker-compose (the compose file test) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh

log() { echo "services: $*" >&2; }
die() { log "error: $*"; exit 1; }

# wait_for NAME CHECK...: poll CHECK for up to 30 s.
wait_for() {
  local name=$1 i
  shift
  for ((i = 0; i < 30; i++)); do
    "$@" && return 0
    sleep 1
  done
  die "$name did not answer within 30 s"
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432; }
# redis-cli if there is one, else a raw PING over bash's /dev/tcp.
redis_up() {
  if command -v redis-cli >/dev/null; then
    [[ $(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]
  else
    local reply=""
    if exec 3<>/dev/tcp/127.0.0.1/6379; then
      if printf 'PING\r\n' >&3; then read -r -t 2 reply <&3 || true; fi
      exec 3<&-
    fi 2>/dev/null
    [[ $reply == +PONG* ]]
  fi
}

# --- PostgreSQL ---------------------------------------------------------------
if ! command -v pg_isready >/dev/null || ! command -v psql >/dev/null; then
  apt_install postgresql-client
fi
if ! pg_up; then
  if ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then
    apt_install postgresql
    # A fresh Debian cluster wants passwords on TCP; the tests connect as postgres with none.
    as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' \
      /etc/postgresql/*/main/pg_hba.conf
  fi
  # shellcheck disable=SC2012 # version directories: plain names
  ver=$(ls /etc/postgresql | sort -V | tail -n1)
  log "starting PostgreSQL $ver"
  # If the package already started it, start fails: reload so pg_hba.conf applies.
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start ||
    as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main reload
  wait_for PostgreSQL pg_up
fi
log "PostgreSQL answers on 127.0.0.1:5432"

exists=$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='sluice_test'")
if [[ $exists != 1 ]]; then
  log "creating database sluice_test"
  createdb -h 127.0.0.1 -U postgres sluice_test
fi

# --- Redis --------------------------------------------------------------------
if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  log "starting Redis"
  as_root mkdir -p /var/lib/redis /var/log/redis
  as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
    --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  wait_for Redis redis_up
fi
log "Redis answers on 127.0.0.1:6379"

# --- Prometheus ---------------------------------------------------------------
# Not a service: the metrics tests run promtool and start their own prometheus.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  log "installing prometheus with apt-get"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    prometheus >/dev/null
  # Where systemd runs, the package starts a server on :9090; the tests need none.
  if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
    as_root systemctl disable --now prometheus >&2 || true
  fi
fi
log "promtool and prometheus are installed"

# --- Compose and kubectl --------------------------------------------------------
# Not services: the deployment tests run `docker-compose config` and `kubectl kustomize`.
if ! command -v docker-compose >/dev/null && ! docker compose version >/dev/null 2>&1; then
  apt_install docker-compose
fi
log "docker-compose is installed"
command -v kubectl >/dev/null ||
  log "warning: kubectl is missing: the Kubernetes manifest tests will fail (kubectl kustomize)"

echo "SLUICE_TEST_JDBC_URL=$SLUICE_DEFAULT_JDBC_URL"
