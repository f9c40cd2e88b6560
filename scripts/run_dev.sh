#!/usr/bin/env bash
# Development server: rebuilds the jar if anything that goes into it (src/main, schemas, pom.xml)
# is newer (the build's output goes to stderr), then serves config/gateway.yaml on 127.0.0.1
# (SLUICE_HOST to change). Stdout carries the server's JSON log lines only. Extra arguments go to
# `sluice serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
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
