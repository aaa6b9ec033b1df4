#!/bin/sh
# Audit verification benchmark on MariaDB/MySQL (127.0.0.1:3306, root, empty password; override with
# RELMAN_TEST_DB_HOST/_PORT/_USER/_PASSWORD; database RELMAN_BENCH_DB, default relman_audit_bench, dropped and
# re-created when it does not hold exactly that many events).
#
#   bench/audit-verify.sh [events] [paged|single-query]      # default: 1000000 paged
#
# Runs with a 64 MB heap (HEAP=... to change): a million events are several times that, so a verification that
# finishes streams. "single-query" is the pre-paging way (one fully buffered result set), for comparison.
set -eu
cd "$(dirname "$0")/.."
./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
exec java -Xmx"${HEAP:-64m}" -XX:+UseSerialGC \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.relman.bench.AuditVerifyBenchmark "${1:-1000000}" "${2:-paged}"
