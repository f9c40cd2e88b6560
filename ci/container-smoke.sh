#!/usr/bin/env bash
# The container smoke test of .github/workflows/ci.yml, where Docker runs: the image as the
# deployments run it (read-only root, exec tmpfs on /tmp, 256 MiB, no capabilities) turns
# healthy through its own HEALTHCHECK, serves /healthz, /readyz and GET /users/1 on the embedded
# database as a non-root uid, answers /readyz 503 during the drain after SIGTERM, and exits 0.
# (scripts/container_test.sh makes the same checks with buildah, where there is no daemon.)
#
# Usage: ci/container-smoke.sh IMAGE      Prints "N passed, N failed"; exit 0 when all passed.
set -euo pipefail
image=${1:?usage: ci/container-smoke.sh IMAGE}
name=sluice-smoke-$$
port=${SMOKE_PORT:-18080}
base=http://127.0.0.1:$port
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
status_of() { curl -s -o /dev/null -m 5 -w '%{http_code}' "$base$1" || true; }
trap 'docker rm -f "$name" >/dev/null 2>&1 || true' EXIT
# The shipped config refuses to start without the SHA-256 of the API key that writes need.
api_key=$(head -c 24 /dev/urandom | base64)
export SLUICE_API_KEY_SHA256=$(printf %s "$api_key" | sha256sum | cut -c1-64)
metrics_port=$((port + 1))

docker run -d --name "$name" --read-only --tmpfs /tmp:rw,exec,size=64m --memory 256m \
  --cap-drop ALL --security-opt no-new-privileges -e SLUICE_DRAIN_DELAY=2s -e SLUICE_API_KEY_SHA256 \
  -p "127.0.0.1:$port:8080" -p "127.0.0.1:$metrics_port:9464" "$image" >/dev/null
health=starting
for ((i = 0; i < 90; i++)); do
  health=$(docker inspect -f '{{.State.Health.Status}}' "$name")
  [[ $health == healthy || $(docker inspect -f '{{.State.Running}}' "$name") != true ]] && break
  sleep 1
done
check "the HEALTHCHECK reports healthy (it says $health)" test "$health" == healthy
check "GET /healthz is 200" test "$(status_of /healthz)" == 200
check "GET /readyz is 200" test "$(status_of /readyz)" == 200
check "GET /users/1 answers Ada" bash -c "curl -s -m 5 '$base/users/1' | grep -q '\"name\":\"Ada Lovelace\"'"
check "DELETE /users/3 without the API key is 401" \
  test "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -X DELETE "$base/users/3")" == 401
check "GET /metrics on the metrics port" \
  bash -c "curl -s -m 5 127.0.0.1:$metrics_port/metrics | grep -q '^http_server_request_duration_seconds_count'"
check "sluice reload inside the container (the admin API on its loopback)" \
  docker exec "$name" java -jar sluice.jar reload
uid=$(docker exec "$name" id -u || echo "?")
check "the process runs as uid $uid, not 0" test "$uid" != 0 -a "$uid" != "?"

docker kill --signal TERM "$name" >/dev/null
sleep 0.5
check "after SIGTERM /readyz is 503 during the drain" test "$(status_of /readyz)" == 503
code=$(timeout 60 docker wait "$name" || echo timeout)
check "after the drain the process exits 0 (exit $code)" test "$code" == 0
check "the log says it stopped" bash -c "docker logs '$name' 2>/dev/null | grep -q '\"msg\":\"stopped\"'"

if docker run --rm --read-only --tmpfs /tmp:rw,exec -e SLUICE_API_KEY_SHA256 "$image" validate-config >/dev/null; then
  vcode=0
else
  vcode=$?
fi
check "validate-config in the image exits 0 (exit $vcode)" test "$vcode" == 0
echo "image $image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}')"
echo "$passed passed, $failed failed"
((failed == 0))
