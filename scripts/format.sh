#!/usr/bin/env bash
# google-java-format through the spotless Maven plugin declared in pom.xml.
#   scripts/format.sh           reformat the sources in place (spotless:apply)
#   scripts/format.sh --check   only verify; non-zero if anything is badly formatted
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
case "${1:-}" in
  "") mvn -B -q spotless:apply ;;
  --check)
    if ! mvn -B -q spotless:check; then
      echo "format check failed: run scripts/format.sh to reformat, then commit the result." >&2
      exit 1
    fi
    ;;
  *)
    echo "usage: scripts/format.sh [--check]" >&2
    exit 2
    ;;
esac
