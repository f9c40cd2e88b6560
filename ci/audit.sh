#!/usr/bin/env bash
# Dependency audit (docs/security.md), in two parts:
#   1. offline, always: every dependency the jar ships with (runtime scope, as Maven resolves it)
#      against ci/advisories.tsv; a version inside an affected range fails the audit.
#   2. OWASP dependency-check against the NVD, only where its data is at hand: set
#      DEPENDENCY_CHECK_DATA to a data directory updated on a machine that reaches the NVD
#      (mvn org.owasp:dependency-check-maven:12.1.0:update-only -DdataDirectory=DIR); the check
#      then runs offline and fails on CVSS >= 7. Without it, this says why it cannot run.
# Extra arguments go to Maven (-Dversion.lib.jackson=2.21.3 shows a failure).
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21

DC_VERSION=12.1.0
log() { echo "audit: $*" >&2; }

# version_lt A B: true when version A sorts before B (Maven-ish dotted versions).
version_lt() { [[ $1 != "$2" && $(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1) == "$1" ]]; }

list=$(mktemp)
trap 'rm -f "$list"' EXIT
mvn -B -q dependency:list -DincludeScope=runtime -DoutputFile="$list" -DappendOutput=false "$@" >&2
# "   group:artifact:jar[:classifier]:version:scope -- module x" -> "group:artifact version"
deps=$(sed -n 's/^ *\([^ ]*\).*/\1/p' "$list" | awk -F: 'NF >= 5 { print $1 ":" $2, $(NF-1) }' | sort -u)
count=$(grep -c . <<<"$deps" || true)

found=0
while IFS=$'\t' read -r artifact affected fixed advisory note; do
  [[ -z $artifact || $artifact == \#* ]] && continue
  while read -r name version; do
    [[ $name == "$artifact" ]] || continue
    if ! version_lt "$version" "$affected" && version_lt "$version" "$fixed"; then
      log "VULNERABLE $artifact $version: $advisory (fixed in $fixed): $note"
      found=$((found + 1))
    fi
  done <<<"$deps"
done <ci/advisories.tsv
if ((found > 0)); then
  log "$found known advisories apply to the $count runtime dependencies: move to the fixed versions"
  exit 1
fi
log "$count runtime dependencies, none in an affected range of ci/advisories.tsv"

if [[ -n ${DEPENDENCY_CHECK_DATA:-} ]]; then
  log "OWASP dependency-check $DC_VERSION with the NVD data in $DEPENDENCY_CHECK_DATA (no update)"
  mvn -B -q "org.owasp:dependency-check-maven:$DC_VERSION:check" \
    -DautoUpdate=false -DdataDirectory="$DEPENDENCY_CHECK_DATA" -DfailBuildOnCVSS=7 \
    -Dformats=HTML,JSON -DskipTestScope=true \
    -DossindexAnalyzerEnabled=false -DcentralAnalyzerEnabled=false \
    -DretireJsAnalyzerEnabled=false -DhostedSuppressionsEnabled=false -DknownExploitedEnabled=false
  log "dependency-check: no dependency with CVSS >= 7 (report: target/dependency-check-report.html)"
else
  log "OWASP dependency-check not run: it matches dependencies against the NVD's vulnerability" \
    "data, which it downloads from the NVD's API; this machine and CI reach only the package" \
    "registries, and without that data the plugin stops with \"NoDataException: Autoupdate is" \
    "disabled and the database does not exist\". Set DEPENDENCY_CHECK_DATA to a data directory" \
    "updated where the NVD is reachable to run it here offline."
fi
