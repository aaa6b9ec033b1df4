#!/usr/bin/env bash
# Automated releases per second on MariaDB/MySQL, one node and two, beside the bare stack; SQL statements per step;
# external-task pickup latency with long polling and with fixed-interval polling; RSS idle and after the run.
# Usage: bench/throughput.sh [releases (300)] [in flight (40)] [sparse releases for pickup latency (15)]
# relman runs in JVMs of its own, launched as the README launches it: the JVM options of ./mvnw spring-boot:run
# (jvmArguments in pom.xml; RELMAN_BENCH_JVM_OPTIONS overrides them), the build output and its dependency jars.
# Databases relman_bench_one, _two and _bare are dropped and created on the *IT tests' server (127.0.0.1:3306 as root;
# override with RELMAN_TEST_DB_HOST / _PORT / _USER / _PASSWORD). Node logs: target/bench-node-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime
./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/bench-test-classpath.txt -Dmdep.includeScope=test
launch_options="${RELMAN_BENCH_JVM_OPTIONS:-$(sed -n 's:.*<jvmArguments>\(.*\)</jvmArguments>.*:\1:p' pom.xml | head -1)}"
echo "launch: java $launch_options -cp target/classes:<runtime jars> org.relman.RelmanApplication --spring.profiles.active=mysql"
java -Xmx512m -XX:+UseSerialGC -Dbench.jvmOptions="$launch_options" \
  -Dbench.appClasspath="$(pwd)/target/classes:$(cat target/bench-classpath.txt)" \
  -cp "target/test-classes:target/classes:$(cat target/bench-test-classpath.txt)" \
  org.relman.bench.ThroughputBenchmark "$@"
