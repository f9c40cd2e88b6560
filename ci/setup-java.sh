#!/usr/bin/env bash
# Picks a JDK >= 21 (see ci/lib.sh), makes sure Maven is there, and prints both versions.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
if ! command -v mvn >/dev/null; then
  echo "setup-java: installing Maven with apt-get" >&2
  sudo=""; ((EUID == 0)) || sudo=sudo
  $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q maven >/dev/null
fi
echo "JAVA_HOME=$JAVA_HOME"
java -version 2>&1
mvn -B -version 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
