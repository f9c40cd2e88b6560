#!/usr/bin/env bash
# Runs the router JMH benchmark (src/test/java/dev/sluice/bench/RouterBenchmark.java) and prints,
# for each benchmark method, the ratio of its 10,000-route score to its 10-route score.
#
# Usage: scripts/bench_router.sh [JMH options...]
#   e.g. scripts/bench_router.sh -wi 2 -i 3        (shorter run)
#        scripts/bench_router.sh '.*mixed'          (one benchmark; regexps are ANDed with RouterBenchmark)
# Extra Maven flags (e.g. -o for offline) can be given in MVN_FLAGS.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

FALLBACK_JDK=/usr/lib/jvm/temurin-25-jdk-amd64

# The Java feature version of a java binary, or 0 if it cannot be run.
java_feature_version() {
  local version
  version=$("$1" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ {print $2; exit}') || true
  version=${version#1.} # 1.8 -> 8
  echo "${version:-0}"
}

if [[ -n "${JAVA_HOME:-}" && -x "${JAVA_HOME}/bin/java" ]]; then
  default_java="${JAVA_HOME}/bin/java"
else
  default_java=$(command -v java || true)
fi
if [[ -z "$default_java" || "$(java_feature_version "$default_java")" -lt 21 ]]; then
  if [[ ! -x "$FALLBACK_JDK/bin/java" ]]; then
    echo "bench_router.sh: need Java 21 or newer; set JAVA_HOME" >&2
    exit 1
  fi
  export JAVA_HOME="$FALLBACK_JDK"
elif [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$default_java")")")
  export JAVA_HOME
fi
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using Java $(java_feature_version "$JAVA_HOME/bin/java") from $JAVA_HOME"

# shellcheck disable=SC2086 # MVN_FLAGS is a list of flags
mvn -q ${MVN_FLAGS:-} -DskipTests test-compile
# shellcheck disable=SC2086
mvn -q ${MVN_FLAGS:-} dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test

if [[ ! -s target/test-classes/META-INF/BenchmarkList ]]; then
  echo "bench_router.sh: target/test-classes/META-INF/BenchmarkList is missing: the JMH" \
    "annotation processor did not run during test-compile" >&2
  exit 1
fi

# Defaults, each dropped when the caller gives the same option (JMH rejects repeated options).
defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
jmh_args=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
  option=${defaults[k]}
  overridden=false
  for arg in "$@"; do
    if [[ "$arg" == "$option" ]]; then
      overridden=true
    fi
  done
  if [[ "$overridden" == false ]]; then
    jmh_args+=("$option" "${defaults[k + 1]}")
  fi
done

results=target/jmh-router.csv
rm -f "$results"
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  org.openjdk.jmh.Main RouterBenchmark "${jmh_args[@]}" -rf csv -rff "$results" "$@"

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit","Param: routes"
echo
echo "Scaling from 10 to 10,000 routes (score at 10000 / score at 10):"
awk -F, '
  NR == 1 { next }
  {
    sub(/\r$/, "")
    for (i = 1; i <= NF; i++) gsub(/"/, "", $i)
    name = $1; sub(/.*\./, "", name)
    score[name, $8] = $5; unit[name] = $7
    if (!(name in seen)) { seen[name] = 1; order[++n] = name }
  }
  END {
    for (k = 1; k <= n; k++) {
      name = order[k]
      small = score[name, "10"]; large = score[name, "10000"]
      if (small == "" || large == "" || small + 0 == 0) {
        printf "  %-18s (needs both routes=10 and routes=10000)\n", name
      } else {
        printf "  %-18s %10.2f -> %10.2f %-6s ratio %.2f\n", name, small, large, unit[name], large / small
      }
    }
  }' "$results"
