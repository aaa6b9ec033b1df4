#!/usr/bin/env bash
# Start-up time and idle memory of relman on a fresh embedded H2 database.
# Usage: bench/startup.sh [run|jar] [runs]
#   run: from the build output and the dependency jars, as ./mvnw spring-boot:run starts it (the README's command)
#   jar: from the packaged jar, as java -jar starts it
# Reports per run the seconds from JVM start to /actuator/health answering UP, and the resident set (VmRSS) after
# 20 s idle. JVM options default to the launch's (pom.xml jvmArguments); RELMAN_BENCH_JVM_OPTIONS overrides them.
# RELMAN_BENCH_JFR=1 records the first start with JFR (target/bench-startup.jfr; the recording adds to its time).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
runs="${2:-3}"
read -r -a jvm_options <<< "${RELMAN_BENCH_JVM_OPTIONS:--Xms64m -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
port="${RELMAN_BENCH_PORT:-18080}"
project=$(pwd)

case "$mode" in
  run)
    ./mvnw -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -DincludeScope=runtime
    launch=(-cp "$project/target/classes:$(cat target/bench-classpath.txt)" org.relman.RelmanApplication)
    ;;
  jar)
    ./mvnw -q -B package -DskipTests
    launch=(-jar "$(ls "$project"/target/relman-*.jar | grep -v original | head -1)")
    ;;
  *) echo "usage: $0 [run|jar] [runs]" >&2; exit 2 ;;
esac

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1)"
echo "mode: $mode; jvm options: ${jvm_options[*]}"
healthies=()
rsses=()
for run in $(seq 1 "$runs"); do
  work=$(mktemp -d)
  cp -r scripts "$work/"
  cd "$work"
  start=$(date +%s.%N)
  recording=()
  if [ -n "${RELMAN_BENCH_JFR:-}" ] && [ "$run" = 1 ]; then
    # the first start recorded with JFR (target/bench-startup.jfr, bench/jfr-top.sh summarises it)
    recording=(-XX:FlightRecorderOptions:stackdepth=512 "-XX:StartFlightRecording=filename=$project/target/bench-startup.jfr,settings=profile")
  fi
  java "${jvm_options[@]}" "${recording[@]}" "${launch[@]}" --server.port="$port" > "$work/relman.log" 2>&1 &
  pid=$!
  cd "$project"
  until curl -sf "http://localhost:$port/actuator/health" 2>/dev/null | grep -q UP; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "relman exited; see $work/relman.log" >&2; exit 1; fi
    sleep 0.1
  done
  healthy=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {print e - s}')
  sleep 20
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
  printf 'run %d: healthy after %.1f s, idle RSS %d MB\n' "$run" "$healthy" $((rss_kb / 1024))
  healthies+=("$healthy")
  rsses+=($((rss_kb / 1024)))
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  rm -rf "$work"
done
# the median run, for bench/all.sh's table
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
h=$(median "${healthies[@]}")
r=$(median "${rsses[@]}")
printf 'RESULT|healthy from launch, README launch on H2, median of %d (s)|%.1f (%s)|<= 10|%s\n' "$runs" "$h" \
  "$(printf '%s ' "${healthies[@]}" | awk '{for(i=1;i<=NF;i++) printf "%s%.1f", (i>1?", ":""), $i}')" \
  "$(awk -v h="$h" 'BEGIN {print (h <= 10 ? "yes" : "**no**")}')"
printf 'RESULT|RSS idle, README launch on H2, median (MB)|%d|<= 450|%s\n' "$r" "$( [ "$r" -le 450 ] && echo yes || echo '**no**')"
