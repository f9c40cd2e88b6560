#!/usr/bin/env bash
# Fails if any Java file is not google-java-format clean.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bash scripts/format.sh --check
