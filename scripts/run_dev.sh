#!/usr/bin/env bash
# Development server: rebuilds the jar if any file in src/ or pom.xml is newer (the build's
# output goes to stderr), then serves config/gateway.yaml. Stdout carries the server's JSON log
# lines only. Extra arguments go to `sluice serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
jar=target/sluice.jar
if [[ ! -f $jar || -n $(find src pom.xml -newer "$jar" -print -quit) ]]; then
  echo "run_dev: building $jar" >&2
  mvn -B -q -DskipTests package >&2
  touch "$jar" # the jar plugin keeps an unchanged jar's old mtime
fi
# In development nobody load-balances: stop at once on Ctrl-C.
export SLUICE_DRAIN_DELAY=${SLUICE_DRAIN_DELAY:-0s}
exec scripts/sluice serve -c config/gateway.yaml "$@"
