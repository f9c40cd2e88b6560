#!/usr/bin/env bash
# Compiles and packages target/sluice.jar (+ target/libs) without running tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
mvn -B -q -DskipTests package
