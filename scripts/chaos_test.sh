#!/usr/bin/env bash
# The reliability suite (docs/reliability.md): load, faults and random input, each scenario on
# loopback with private servers where one is stopped (a PostgreSQL cluster made with initdb, a
# redis-server), bounded loops that stop by themselves. Prints one line per scenario, starting
# with its name, and exits non-zero when any fails.
#
#   sigterm / sigint   the packaged jar with the shipped config under 64 connections, then the signal
#   postgres-restart   a private cluster stopped and started under load (jdbc, then pipelined)
#   redis-outage       a private redis-server killed, restarted, paused under load (both policies)
#   upstream           a proxy route over two targets: one killed and restarted, then one stalled
#   reload             ReloadUnderLoadTest: 35 route-file edits under 64 clients
#   soak               the packaged jar under mixed traffic (JWT calls, 100,000 forwarded client
#                      addresses), 2 min (short: bounds) or 15 (bounds and slopes)
#   fuzz               Jazzer (coverage-guided) on the @FuzzTest classes, one JVM each: config
#                      loader, router, path parameters, percent-decoding, IP/CIDR, IP round trip,
#                      parameter conversion, JSON bodies; corpora in src/test/resources/dev/sluice/
#
# Usage: scripts/chaos_test.sh [--short]
#   --short   CI: 3 s phases, a 2-minute soak, fuzz 10 s a target (6 minutes on 2 busy cores, then
#             the 8 fuzz JVMs: 4 to 10 minutes more, most of it their start)
#   default   20 s phases, 15 s of load before the signal, fuzz 60 s a target
# Environment: MVN (default mvn), SLUICE_FUZZ_SECONDS (overrides the fuzz budget a target),
# SLUICE_SOAK_SECONDS (overrides the soak's length in either mode);
# the scenario tests are tagged "reliability", which the default surefire/failsafe runs exclude
# (the fuzz tests replay their corpora in every `mvn test`; here they fuzz).
set -uo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21

mode=full
if [[ ${1:-} == --short ]]; then
  mode=short
elif [[ -n ${1:-} ]]; then
  echo "usage: scripts/chaos_test.sh [--short]" >&2
  exit 2
fi
export SLUICE_CHAOS_MODE=$mode
if [[ -z ${SLUICE_FUZZ_SECONDS:-} ]]; then
  if [[ $mode == short ]]; then export SLUICE_FUZZ_SECONDS=10; else export SLUICE_FUZZ_SECONDS=60; fi
fi
bash ci/services.sh >/dev/null # the reload scenario uses the shared PostgreSQL (never stopped)
export SLUICE_TEST_JDBC_URL=${SLUICE_TEST_JDBC_URL:-$SLUICE_DEFAULT_JDBC_URL}
export SLUICE_TEST_REDIS_URL=${SLUICE_TEST_REDIS_URL:-$SLUICE_DEFAULT_REDIS_URL}
export SLUICE_TEST_REQUIRE_DB=1

rm -rf target/reliability
log=$(mktemp)
start=$(date +%s)
# surefire: ReloadUnderLoadTest only; failsafe: the tagged scenarios and fuzz targets (after the
# jar is packaged, which the shutdown scenarios run)
# maven.test.failure.ignore: a failed scenario does not stop the others; the reports decide below
${MVN:-mvn} -B -ntp verify -Dsluice.excludedGroups=none -Dmaven.test.failure.ignore=true \
  -Dtest=ReloadUnderLoadTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='**/reliability/*IT' -Dfailsafe.failIfNoSpecifiedTests=false >"$log" 2>&1
rc=$?
# fuzz: Jazzer fuzzes one @FuzzTest a JVM, so the pom's fuzz-corpus execution forks one JVM a class
# (reuseForks=false). Each runs its corpus, then libFuzzer for the budget (-max_total_time, which
# Jazzer takes from its jazzer.internal.arg.N parameters after the @FuzzTest's maxDuration). A
# finding is written to the class's corpus directory in src/test/resources (commit it with the fix).
JAZZER_FUZZ=1 ${MVN:-mvn} -B -ntp surefire:test@fuzz-corpus -DreuseForks=false \
  -Dsluice.fuzz.forkTimeout=$((SLUICE_FUZZ_SECONDS + 600)) -Dmaven.test.failure.ignore=true \
  -Djazzer.internal.arg.0=jazzer -Djazzer.internal.arg.1=-max_total_time="$SLUICE_FUZZ_SECONDS" \
  >>"$log" 2>&1 || rc=1

failed=0
# failed_in CLASS [TESTCASE]: whether the JUnit report of CLASS records a failure or an error
failed_in() {
  local f
  for f in target/surefire-reports/TEST-*"$1".xml target/failsafe-reports/TEST-*"$1".xml; do
    [[ -f $f ]] || continue
    if [[ -n ${2:-} ]]; then
      awk -v t="name=\"$2\"" 'index($0, "<testcase") && index($0, t) {on=1; next}
        index($0, "<testcase") {on=0} on && /<(failure|error)/ {found=1} END {exit !found}' "$f" && return 0
    elif grep -qE '<(failure|error)' "$f"; then
      return 0
    fi
  done
  return 1
}
line() { # scenario file class [testcase]
  if [[ ! -f $2 ]]; then
    echo "$1: FAILED (no result; see target/failsafe-reports and target/surefire-reports)"
    failed=1
  elif failed_in "$3" "${4:-}"; then
    echo "$(cat "$2") -- FAILED (see target/*-reports/*$3.txt)"
    failed=1
  else
    cat "$2"
  fi
}
line sigterm target/reliability/sigterm.txt ShutdownUnderLoadIT sigterm
line sigint target/reliability/sigint.txt ShutdownUnderLoadIT sigint
line postgres-restart-jdbc target/reliability/postgres-restart-jdbc.txt PostgresRestartIT
line postgres-restart-pipelined target/reliability/postgres-restart-pipelined.txt PostgresRestartIT
line redis-outage target/reliability/redis-outage.txt RedisOutageIT
line upstream target/reliability/upstream.txt UpstreamFailuresIT
line reload target/reliability/reload.txt ReloadUnderLoadTest
line soak target/reliability/soak.txt SoakIT
# Each @FuzzTest class (FooBarFuzzTest) writes target/reliability/fuzz/foo-bar.txt (FuzzRuns).
inputs=0 bad=0 parts=""
for c in $(grep -rl --include='*FuzzTest.java' '@FuzzTest' src/test/java | xargs -n1 basename | sed 's/\.java$//' | sort); do
  t=$(sed 's/FuzzTest$//; s/\([a-z0-9]\)\([A-Z]\)/\1-\2/g' <<<"$c" | tr '[:upper:]' '[:lower:]')
  f=target/reliability/fuzz/$t.txt
  if [[ ! -f $f ]]; then
    echo "fuzz: $c FAILED (no result; see target/surefire-reports)"
    bad=$((bad + 1))
    continue
  fi
  read -r n _ m _ <"$f"
  inputs=$((inputs + n)) bad=$((bad + m))
  parts+="${parts:+, }$t $n"
  if ((m > 0)) || failed_in "$c"; then
    echo "fuzz: $c FAILED: $(cat "$f") (see target/surefire-reports/*$c.txt; the input is in its corpus directory)"
    # what a CI log keeps of it: the exception's first lines, and each new input as base64 (commit
    # it to the corpus directory with the fix: base64 -d > src/test/resources/.../NAME)
    sed -n '/<<< \(FAILURE\|ERROR\)!/,+12p' target/surefire-reports/*"$c".txt 2>/dev/null | head -14 | sed 's/^/fuzz:   /'
    for x in $(git ls-files --others --exclude-standard -- "src/test/resources/**/${c}Inputs/**"); do
      echo "fuzz:   new input $x (base64): $(base64 -w0 "$x" | head -c 4000)"
    done
    failed=1
  fi
done
echo "fuzz: $inputs inputs, $bad failed, Jazzer, ${SLUICE_FUZZ_SECONDS} s a target: ${parts:-none}"
((bad == 0 && inputs > 0)) || failed=1
echo "chaos_test: $mode mode, $(($(date +%s) - start)) s"
if ((rc != 0 || failed != 0)); then
  grep -E "Tests run:.*FAIL|FAILURE!|Expected|but:|AssertionError|ERROR: libFuzzer|Test unit written to|== Java Exception" "$log" | head -40 >&2
  echo "chaos_test: FAILED (maven log: $log)" >&2
  exit 1
fi
rm -f "$log"
