#!/usr/bin/env bash
# Runs the project's test command (services, mvn verify, format check).
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/test.sh "$@"
