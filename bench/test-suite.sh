#!/usr/bin/env bash
# How long the gate takes, phase by phase: runs `./mvnw verify` (or the phases given) with Maven's timestamps and prints
# the wall time of the unit and process tests (surefire), the browser tests and the MariaDB tests (failsafe), with the
# number of tests each ran. Usage: bench/test-suite.sh [extra Maven arguments, e.g. -o]
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
load="$(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
./mvnw -B -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS \
  "$@" verify > "$log" 2>&1 || { tail -50 "$log"; echo "verify failed" >&2; exit 1; }
end=$(date +%s)

# the time Maven logged for the first line of a plugin execution, and for the first line of the next one
python3 - "$log" "$((end - start))" <<'PY'
import re, sys
from datetime import datetime
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
stamp = re.compile(r"^(\d\d:\d\d:\d\d\.\d\d\d) \[INFO\] --- (\S+) .*\(([^)]*)\)")
marks = []
for line in lines:
    m = stamp.match(line)
    if m:
        marks.append((datetime.strptime(m.group(1), "%H:%M:%S.%f"), m.group(2), m.group(3)))
last = None
for line in reversed(lines):
    m = re.match(r"^(\d\d:\d\d:\d\d\.\d\d\d) ", line)
    if m:
        last = datetime.strptime(m.group(1), "%H:%M:%S.%f")
        break
totals = [re.search(r"Tests run: (\d+), Failures: (\d+), Errors: (\d+), Skipped: (\d+)$", l) for l in lines]
totals = [t for t in totals if t]
print(f"{'phase':<34} {'seconds':>8}")
for i, (at, plugin, execution) in enumerate(marks):
    goal = plugin.split(":")[-1]
    if not ("surefire" in plugin or "failsafe" in plugin) or goal not in ("test", "integration-test"):
        continue
    until = marks[i + 1][0] if i + 1 < len(marks) else last
    name = plugin.split(":")[0].replace("maven-", "").replace("-plugin", "")
    print(f"{name + ' (' + execution + ')':<34} {(until - at).total_seconds():>8.1f}")
print(f"{'whole ./mvnw verify':<34} {float(sys.argv[2]):>8.1f}")
for t in totals:
    print(f"tests run {t.group(1)}, failures {t.group(2)}, errors {t.group(3)}, skipped {t.group(4)}")
PY
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load average before: $load"
