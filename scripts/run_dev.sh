#!/usr/bin/env bash
# Development server: rebuilds the jar if any file in src/ or pom.xml is newer,
# then serves config/gateway.yaml on 127.0.0.1 (SLUICE_HOST to change). Extra arguments go to
# `sluice serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
jar=target/sluice.jar
if [[ ! -f $jar || -n $(find src pom.xml -newer "$jar" -print -quit) ]]; then
  echo "run_dev: building $jar" >&2
  mvn -B -q -DskipTests package
  touch "$jar" # the jar plugin keeps an unchanged jar's old mtime
fi
# Writes need an API key (docs/security.md): SLUICE_API_KEY_SHA256 if set, else the SHA-256 of
# SLUICE_API_KEY, else a key made up for this run and printed here.
if [[ -z ${SLUICE_API_KEY_SHA256:-} ]]; then
  if [[ -z ${SLUICE_API_KEY:-} ]]; then
    SLUICE_API_KEY=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
    echo "run_dev: writes need the header  X-Api-Key: $SLUICE_API_KEY  (a key for this run;" \
      "export SLUICE_API_KEY to choose one)" >&2
  fi
  SLUICE_API_KEY_SHA256=$(printf %s "$SLUICE_API_KEY" | sha256sum | cut -c1-64)
  export SLUICE_API_KEY_SHA256
fi
# In development nobody load-balances: stop at once on Ctrl-C.
export SLUICE_DRAIN_DELAY=${SLUICE_DRAIN_DELAY:-0s}
exec scripts/sluice serve -c config/gateway.yaml "$@"
