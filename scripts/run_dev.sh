#!/usr/bin/env bash
# Development server: rebuilds the jar if anything that goes into it (src/main, schemas, pom.xml)
# is newer (the build's output goes to stderr), then serves config/gateway.yaml. Stdout carries
# the server's JSON log lines only. Extra arguments go to `sluice serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
# In development nobody load-balances: stop at once on Ctrl-C.
export SLUICE_DRAIN_DELAY=${SLUICE_DRAIN_DELAY:-0s}
exec scripts/sluice serve -c config/gateway.yaml "$@"
