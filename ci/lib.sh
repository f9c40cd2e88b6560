# shellcheck shell=bash disable=SC2034 # constants below are used by the sourcing scripts
# Helpers sourced by the ci/ and scripts/ scripts (not run on its own).
#
#   use_java21 [jre]   make JAVA_HOME/PATH point at a Java >= 21 (Helidon 4 needs it): keep the
#                      current java if it is new enough, else take the newest >= 21 under
#                      $SLUICE_JVM_DIRS (default /usr/lib/jvm); fail saying what it looked at if
#                      there is none. A JDK (with javac, for Maven) unless "jre": running the jar
#                      needs a Java runtime only.
#   jar_stale ROOT     why ROOT/target/sluice.jar needs a build (empty when it does not)
#   ensure_jar ROOT    build ROOT/target/sluice.jar when it is missing or older than anything that
#                      goes into it (ROOT/src/main, ROOT/schemas, ROOT/pom.xml); the build's
#                      output goes to stderr, never stdout.
#   as_root CMD  run CMD as root: directly, or through sudo (GitHub runners)
#   apt_install PKG...  apt-get update, then install the packages quietly
#   machine_ticks       "busy total" CPU ticks of the whole machine, from /proc/stat
#   wait_quiet   before a measurement: wait up to $QUIET_TIMEOUT s (default 300) until the
#                machine is under $QUIET_MAX % busy (default 10) over 2 s; sets quiet=1 if it
#                got there, quiet=0 (and quiet_busy, the last reading) if it gave up

SLUICE_MIN_JAVA=21
# Where the tests find their services (scripts/test.sh exports these unless set).
SLUICE_DEFAULT_JDBC_URL='jdbc:postgresql://127.0.0.1:5432/sluice_test?user=postgres'
SLUICE_DEFAULT_REDIS_URL='redis://127.0.0.1:6379'

# java_major BIN: print the feature version of that java (8, 17, 21, 25...), or 0.
java_major() {
  local v
  v=$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1) || true
  v=${v#1.}          # 1.8.0_392 -> 8.0_392
  v=${v%%[!0-9]*}    # 21.0.5 -> 21, 25-ea -> 25
  echo "${v:-0}"
}

use_java21() {
  local need=${1:-jdk} java="" best="" best_v=0 v home looked=() dirs dir seen=" "
  # The current java: $JAVA_HOME's if set, else the one on PATH.
  if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
    java=$JAVA_HOME/bin/java
  elif command -v java >/dev/null 2>&1; then
    java=$(command -v java)
  fi
  if [[ -n $java ]]; then
    v=$(java_major "$java")
    home=$(dirname "$(dirname "$(readlink -f "$java")")")
    if ((v >= SLUICE_MIN_JAVA)) && [[ $need == jre || -x $home/bin/javac ]]; then
      best=$home
    else
      looked+=("$java (Java $v)")
    fi
  fi
  if [[ -z $best ]]; then
    # Otherwise the newest Java >= 21 installed under the usual directories.
    dirs=${SLUICE_JVM_DIRS:-/usr/lib/jvm}
    for dir in $dirs; do
      for home in "$dir"/*/; do
        home=${home%/}
        [[ -x $home/bin/java && $seen != *" $(readlink -f "$home") "* ]] || continue
        seen+="$(readlink -f "$home") "
        v=$(java_major "$home/bin/java")
        if [[ $need != jre && ! -x $home/bin/javac ]]; then
          looked+=("$home (Java $v, no javac)")
          continue
        fi
        looked+=("$home (Java $v)")
        if ((v >= SLUICE_MIN_JAVA && v > best_v)); then
          best=$home best_v=$v
        fi
      done
    done
  fi
  if [[ -z $best ]]; then
    local what="building Sluice needs a JDK $SLUICE_MIN_JAVA or newer (Helidon 4)"
    [[ $need == jre ]] && what="running target/sluice.jar needs Java $SLUICE_MIN_JAVA or newer (Helidon 4)"
    {
      echo "error: $what; none was found."
      echo "  looked at \$JAVA_HOME, java on PATH, and $dirs/*:"
      if ((${#looked[@]} == 0)); then
        echo "    (no java at all)"
      else
        printf '    %s\n' "${looked[@]}"
      fi
      echo "  Install one (e.g. Temurin $SLUICE_MIN_JAVA) or point JAVA_HOME at it."
    } >&2
    return 1
  fi
  export JAVA_HOME=$best
  export PATH=$JAVA_HOME/bin:$PATH
  # JDK 23+ warns on every Maven run that Maven's own Guava uses sun.misc.Unsafe.
  if (($(java_major "$JAVA_HOME/bin/java") >= 23)) && [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  # Maven 3.8's console library writes two colour resets (ESC[0m) even with -q and no terminal.
  if [[ ${MAVEN_OPTS:-} != *jansi.noreset* ]]; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }-Djansi.noreset=true"
  fi
}

# jar_stale ROOT: why ROOT/target/sluice.jar needs a build, or nothing when it is up to date.
jar_stale() {
  local jar=$1/target/sluice.jar
  if [[ ! -f $jar ]]; then
    echo "it is missing"
  elif [[ -n $(find "$1/src/main" "$1/schemas" "$1/pom.xml" -newer "$jar" -print -quit 2>/dev/null) ]]; then
    echo "sources changed since it was built"
  fi
}

ensure_jar() {
  local root=$1 jar=$1/target/sluice.jar why
  why=$(jar_stale "$root")
  [[ -n $why ]] || return 0
  echo "sluice: building $jar ($why)" >&2
  (cd "$root" && mvn -B -q -DskipTests package) >&2
  touch "$jar" # the jar plugin keeps an unchanged jar's old mtime
}

as_root() {
  if ((EUID == 0)); then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "error: need root to run: $*" >&2
    return 1
  fi
}

apt_install() {
  echo "${0##*/}: installing $* with apt-get" >&2
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null
}

machine_ticks() { awk '/^cpu / {print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }

# Others may share the machine: measuring while something else (a build, other tests) takes the
# same cores says nothing about what is measured.
wait_quiet() {
  local waited=0 a b busy max=${QUIET_MAX:-10} timeout=${QUIET_TIMEOUT:-300}
  while :; do
    a=$(machine_ticks)
    sleep 2
    b=$(machine_ticks)
    busy=$(awk -v a0="${a% *}" -v at="${a#* }" -v b0="${b% *}" -v bt="${b#* }" \
      'BEGIN {printf "%d", 100 * (b0 - a0) / ((bt - at) > 0 ? (bt - at) : 1)}')
    quiet_busy=$busy
    if ((busy <= max)); then
      quiet=1
      return 0
    fi
    if ((waited >= timeout)); then
      quiet=0
      echo "${0##*/}: warning: the machine is still ${busy}% busy after ${waited}s; measuring anyway" >&2
      return 0
    fi
    ((waited == 0)) && echo "${0##*/}: the machine is ${busy}% busy with something else; waiting for quiet" >&2
    waited=$((waited + 2))
  done
}

# poll_until_200 PORT PATH PID [SECONDS]: polls GET PATH on 127.0.0.1:PORT every 5 ms until it
# answers 200 (returns 0), PID exits or SECONDS (whole seconds, 60) pass (returns 1). No process per
# try: bash's /dev/tcp for the request and a read with a timeout, on a pipe nobody writes to, for
# the pause. A poller that forked a curl or a sleep per try took half a core of the 2 a start-up
# measurement shares with the JVM it times. (load_test.sh has an await_200 of its own, by URL, for
# servers it does not time.)
poll_until_200() {
  local port=$1 path=$2 pid=$3 end=$((SECONDS + ${4:-60})) pause http status found=1 pipe_trap
  pipe_trap=$(trap -p PIPE)
  trap '' PIPE # a listener that resets the connection must not kill the caller with SIGPIPE
  exec {pause}<> <(:)
  while ((SECONDS < end)); do
    status=""
    if { exec {http}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null; then
      printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" \
        >&"$http" 2>/dev/null || true
      IFS=' ' read -r -t 1 _ status _ <&"$http" 2>/dev/null || true
      exec {http}<&-
    fi
    if [[ $status == 200 ]]; then
      found=0
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    read -r -t 0.005 -u "$pause" _ || true
  done
  exec {pause}<&-
  eval "${pipe_trap:-trap - PIPE}"
  return "$found"
}
