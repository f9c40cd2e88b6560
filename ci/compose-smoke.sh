#!/usr/bin/env bash
# The docker-compose.yml stack, up, as .github/workflows/ci.yml runs it where Docker runs: `up -d
# --wait` with a built image, then the README's users API on PostgreSQL, Prometheus scraping
# Sluice, Grafana serving the provisioned dashboard and Jaeger receiving Sluice's traces through
# the collector; always `down -v` at the end.
#
# Usage: ci/compose-smoke.sh IMAGE        Prints "N passed, N failed"; exit 0 when all passed.
set -euo pipefail
cd "$(dirname "$0")/.."
export SLUICE_IMAGE=${1:?usage: ci/compose-smoke.sh IMAGE}
# The API key that writes need, and its SHA-256 for the sluice service (README "Run it").
api_key=$(head -c 24 /dev/urandom | base64)
export SLUICE_API_KEY_SHA256=$(printf %s "$api_key" | sha256sum | cut -c1-64)
passed=0 failed=0
check() { # check NAME COMMAND...
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
# eventually SECONDS COMMAND...: COMMAND succeeds within SECONDS
eventually() {
  local secs=$1 i
  shift
  for ((i = 0; i < secs; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 1
  done
  return 1
}
down() {
  if ((failed > 0)); then
    docker compose ps >&2 || true
    docker compose logs --no-color --tail 50 >&2 || true
  fi
  docker compose down -v >/dev/null 2>&1 || true
}
trap down EXIT

up=0
timeout 600 docker compose up -d --wait --no-build || up=$?
check "docker compose up -d --wait (exit $up)" test "$up" == 0

check "GET /users/1 answers Ada from PostgreSQL" \
  bash -c "curl -s -m 5 localhost:8080/users/1 | grep -q '\"name\":\"Ada Lovelace\"'"
check "POST /users creates a row (201)" test "$(curl -s -o /dev/null -w '%{http_code}' -m 5 \
  -X POST localhost:8080/users -H 'Content-Type: application/json' -H "X-Api-Key: $api_key" \
  -d '{"name":"Edsger Dijkstra","email":"edsger@example.com"}')" == 201
check "/readyz on the metrics port checks the datasource" \
  bash -c "curl -s -m 5 'localhost:9464/readyz?verbose' | grep -q 'datasource:main'"
check "Prometheus scrapes Sluice" eventually 60 bash -c \
  "curl -s 'localhost:9090/api/v1/query?query=up%7Bjob%3D%22sluice%22%7D' | grep -q '\"1\"\]'"
check "Grafana serves the Sluice dashboard" eventually 60 bash -c \
  "curl -s -u admin:admin localhost:3001/api/dashboards/uid/sluice | grep -q '\"uid\":\"sluice\"'"
check "Jaeger has Sluice's traces" eventually 60 bash -c \
  "curl -s -m 5 localhost:8080/users/2 >/dev/null; curl -s localhost:16686/api/services | grep -q sluice"
echo "$passed passed, $failed failed"
((failed == 0))
