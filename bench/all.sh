#!/usr/bin/env bash
# Every benchmark of bench/, one after the other, then ONE table of the results against issue 11's targets, printed
# and written into docs/performance.md (between its bench:start and bench:end markers; the rest of the page is kept)
# with the machine and the date. Each script's full output goes to target/bench/<script>.log.
# Sizes (environment, defaults as issue 11 states the targets):
#   BENCH_RELEASES=120 BENCH_IN_FLIGHT=30 BENCH_SPARSE=8    throughput.sh: measured releases, in flight, pickup releases
#   BENCH_PAGES_RELEASES=100000 BENCH_PAGES_RUNS=100        pages.sh
#   BENCH_DORA_SERVICES=50 BENCH_DORA_DEPLOYMENTS=100000    dora.sh (one year of history)
#   BENCH_AUDIT_EVENTS=1000000                              audit-verify.sh (64 MB heap)
#   BENCH_STARTUP_RUNS=3                                    startup.sh (the README launch, H2)
#   BENCH_ONLY="startup throughput pages dora audit-verify" a subset
# Takes about 15 minutes on 2 cores with the defaults. Needs the *IT tests' MariaDB/MySQL server (see bench/README.md).
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench
only="${BENCH_ONLY:-startup throughput pages dora audit-verify}"
mysql_version=$(mysql -h "${RELMAN_TEST_DB_HOST:-127.0.0.1}" -P "${RELMAN_TEST_DB_PORT:-3306}" -u "${RELMAN_TEST_DB_USER:-root}" \
  ${RELMAN_TEST_DB_PASSWORD:+-p"$RELMAN_TEST_DB_PASSWORD"} -N -e 'SELECT VERSION()' 2>/dev/null || echo unknown)
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo) RAM;"
machine="$machine $(java -version 2>&1 | head -1 | sed 's/"//g'); MariaDB/MySQL $mysql_version on the same machine"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%s)
declare -A args=(
  [startup]="run ${BENCH_STARTUP_RUNS:-3}"
  [throughput]="${BENCH_RELEASES:-120} ${BENCH_IN_FLIGHT:-30} ${BENCH_SPARSE:-8}"
  [pages]="${BENCH_PAGES_RELEASES:-100000} ${BENCH_PAGES_RUNS:-100}"
  [dora]="${BENCH_DORA_SERVICES:-50} ${BENCH_DORA_DEPLOYMENTS:-100000} 20"
  [audit-verify]="${BENCH_AUDIT_EVENTS:-1000000}"
)
results=target/bench/results.txt
: > "$results"
for script in $only; do
  echo "== bench/$script.sh ${args[$script]} (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  begin=$(date +%s)
  # shellcheck disable=SC2086
  bench/"$script".sh ${args[$script]} > "target/bench/$script.log" 2>&1
  status=$?
  grep '^RESULT|' "target/bench/$script.log" | sed "s/^RESULT|/$script|/" >> "$results"
  if [ $status -ne 0 ]; then
    echo "$script|bench/$script.sh failed (exit $status): see target/bench/$script.log|||**no**" >> "$results"
  fi
  echo "   $(( $(date +%s) - begin )) s"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

table=$(
  echo "| script | measurement | measured | target | met |"
  echo "| --- | --- | --- | --- | --- |"
  while IFS='|' read -r script measurement value target met; do
    echo "| \`$script.sh\` | $measurement | $value | $target | $met |"
  done < "$results"
)
generated="Measured $(date -u '+%Y-%m-%d %H:%M UTC') by \`bench/all.sh\` in $(( ($(date -u +%s) - started) / 60 )) minutes.

Machine: $machine. Load average (1, 5, 15 min) $load_before before the run, $load_after after it.

Sizes (arguments of each script): $(for script in $only; do printf '`%s.sh %s`; ' "$script" "${args[$script]}"; done | sed 's/; $//')${RELMAN_BENCH_JFR:+; recorded with JFR (RELMAN_BENCH_JFR=1)}.

$table"
echo
echo "$generated"

doc=docs/performance.md
if [ -f "$doc" ] && grep -q '<!-- bench:start -->' "$doc"; then
  awk -v generated="$generated" '
    /<!-- bench:start -->/ {print; print generated; skip = 1; next}
    /<!-- bench:end -->/ {skip = 0}
    !skip {print}' "$doc" > "$doc.new" && mv "$doc.new" "$doc"
else
  printf '# Performance\n\n<!-- bench:start -->\n%s\n<!-- bench:end -->\n' "$generated" > "$doc"
fi
echo "written to $doc"
