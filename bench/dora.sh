#!/usr/bin/env bash
# DORA metrics on a year of history: GET /api/metrics/dora's query on MariaDB/MySQL.
# Usage: bench/dora.sh [services (50)] [production deployments (100000)] [runs (20)]
# Drops and creates the database relman_dora_bench on the *IT tests' server (127.0.0.1:3306 as root; override with
# RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD), writes the history with bulk inserts into the tables of relman
# before V8, lets the V8 migration backfill the DORA tables (timed), then times the metrics query: 5 warm-up runs, then
# the given number of runs, median and max, for all services and for one, over the year and over its last 30 days.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-test-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1);" \
  "server: $(mysql -h "${RELMAN_TEST_DB_HOST:-127.0.0.1}" -P "${RELMAN_TEST_DB_PORT:-3306}" -u "${RELMAN_TEST_DB_USER:-root}" \
  ${RELMAN_TEST_DB_PASSWORD:+-p"$RELMAN_TEST_DB_PASSWORD"} -N -e 'SELECT VERSION()' 2>/dev/null || echo unknown)"
java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)" \
  org.relman.metrics.DoraBenchmark "$@"
