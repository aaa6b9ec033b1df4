#!/usr/bin/env bash
# The board and the release page with 100,000 releases: relman on MariaDB/MySQL, pages fetched over HTTP.
# Usage: bench/pages.sh [releases (100000)] [runs per page (200)] [live releases (5): all but two wait for a go/no-go]
# Drops and creates the database relman_pages_bench (RELMAN_BENCH_DB) on the *IT tests' server (127.0.0.1:3306 as root;
# override with RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD), starts relman on it in one JVM, writes the releases
# in bulk, requests five real ones through the API, signs in through the form and times each page: warm-up, then the
# given number of runs, p50, p95 and max.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-test-classpath.txt -Dmdep.includeScope=test
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1);" \
  "load: $(cut -d' ' -f1-3 /proc/loadavg)"
# RELMAN_BENCH_JFR=1: recorded with JFR (target/bench-pages.jfr, summarised by bench/jfr-top.sh)
recording=()
[ -n "${RELMAN_BENCH_JFR:-}" ] && recording=(-XX:FlightRecorderOptions:stackdepth=512 \
  "-XX:StartFlightRecording=filename=target/bench-pages.jfr,settings=profile")
java -Xmx768m "${recording[@]}" -cp "target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)" \
  org.relman.bench.PagesBenchmark "$@"
