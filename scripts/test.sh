#!/usr/bin/env bash
# The project's test command, complete on a fresh machine:
#   JDK >= 21, PostgreSQL + Redis + database sluice_test (ci/services.sh),
#   mvn verify (surefire: unit/HTTP tests; failsafe *IT: CLI tests on the packaged jar),
#   the dependency audit (ci/audit.sh), then the format check. Extra arguments go to Maven (e.g. -Dtest=RouteTest).
set -euo pipefail
cd "$(dirname "$0")/.."
source ci/lib.sh
use_java21
bash ci/services.sh >/dev/null
export SLUICE_TEST_JDBC_URL=${SLUICE_TEST_JDBC_URL:-$SLUICE_DEFAULT_JDBC_URL}
export SLUICE_TEST_REDIS_URL=${SLUICE_TEST_REDIS_URL:-$SLUICE_DEFAULT_REDIS_URL}
# The services are ensured above, so DB/Redis tests must run, never skip.
export SLUICE_TEST_REQUIRE_DB=1
mvn -B -ntp verify "$@"
bash ci/audit.sh
bash scripts/format.sh --check
