#!/usr/bin/env bash
# Start-up time and idle memory of relman on the embedded H2 database, measured the way a user starts it.
# Usage: bench/startup.sh [runs]   (builds the jar when it is missing)
# Reports, per run: seconds from process start to /actuator/health answering UP, and the resident set (VmRSS)
# after 20 s idle. JVM options are the default launch's (pom.xml jvmArguments, Dockerfile JAVA_TOOL_OPTIONS).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-3}"
jvm_options=(-Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k)
jar=$(ls target/relman-*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$jar" ]; then
  ./mvnw -q -B package -DskipTests
  jar=$(ls target/relman-*.jar | grep -v original | head -1)
fi
port="${RELMAN_BENCH_PORT:-18080}"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); java: $(java -version 2>&1 | head -1)"
echo "jvm options: ${jvm_options[*]}"
for run in $(seq 1 "$runs"); do
  work=$(mktemp -d)
  cp -r scripts "$work/"
  start=$(date +%s.%N)
  (cd "$work" && exec java "${jvm_options[@]}" -jar "$OLDPWD/$jar" --server.port="$port" > "$work/relman.log" 2>&1) &
  pid=$!
  until curl -sf "http://localhost:$port/actuator/health" | grep -q UP; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "relman exited; see $work/relman.log" >&2; exit 1; fi
    sleep 0.1
  done
  healthy=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
  sleep 20
  java_pid=$(pgrep -P "$pid" java || echo "$pid")
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
  printf 'run %d: healthy after %.1f s, idle RSS %d MB\n' "$run" "$healthy" $((rss_kb / 1024))
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$work"
done
