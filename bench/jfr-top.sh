#!/usr/bin/env bash
# Summarises the CPU samples of a JFR recording (jdk.ExecutionSample): the top frames, the first relman frame of each
# sample, and the share of samples spent in the engine, in MyBatis/JDBC and in relman's code.
# Usage: bench/jfr-top.sh recording.jfr [lines (25)]
# Record a relman node with RELMAN_BENCH_JFR=1 bench/throughput.sh (target/bench-node-*.jfr; stacks 512 frames deep, so
# that the relman frame under the engine's and Spring's is kept).
set -euo pipefail
file="$1"
lines="${2:-25}"
jfr print --stack-depth 512 --events jdk.ExecutionSample "$file" | awk -v lines="$lines" '
  /stackTrace = \[/ {in_stack = 1; depth = 0; owned = 0; relman = ""; through = ""; engine = 0; jdbc = 0; next}
  in_stack && /^[[:space:]]*\]/ {
    in_stack = 0; samples++
    if (relman != "") relmans[relman]++
    else if (through != "") relmans["(only " through ")"]++
    else relmans["(no relman frame)"]++
    if (!owned) packages["(JDK frames only)"]++
    if (jdbc) jdbcs++; else if (engine) engines++
    next
  }
  in_stack && /^[[:space:]]*\.\.\.[[:space:]]*$/ {next}
  in_stack {
    frame = $0; sub(/^[[:space:]]+/, "", frame); sub(/[[:space:]]+line:.*/, "", frame)
    if (depth == 0) tops[frame]++
    if (!owned && frame !~ /^(java|javax|jdk|sun|com\.sun)\./) {
      owned = 1
      n = split(frame, parts, ".")
      packages[parts[1] "." parts[2] (n > 4 ? "." parts[3] : "")]++
    }
    # pass-through frames of relman (the SQL counter, the command guards of the engine, servlet filters) name no work
    if (relman == "" && frame ~ /^org\.relman\./) {
      if (frame ~ /SqlCounting|GuardedDoors|doFilter|\.guard\(/) { if (through == "") through = frame }
      else relman = frame
    }
    if (frame ~ /^org\.operaton\./) engine = 1
    if (frame ~ /^(org\.apache\.ibatis|com\.mysql|com\.zaxxer)\./) jdbc = 1
    depth++
  }
  END {
    printf "%d samples; %.0f %% with JDBC or MyBatis on the stack, %.0f %% more in the engine\n", samples,
      100 * jdbcs / samples, 100 * engines / samples
    print "\nby the first frame outside the JDK (its package):"
    for (p in packages) printf "%6d %5.1f %%  %s\n", packages[p], 100 * packages[p] / samples, p | "sort -rn | head -" lines
    close("sort -rn | head -" lines)
    print "\ntop frames:"
    for (f in tops) printf "%6d %5.1f %%  %s\n", tops[f], 100 * tops[f] / samples, f | "sort -rn | head -" lines
    close("sort -rn | head -" lines)
    print "\nthe innermost relman frame of each sample that is not a pass-through:"
    for (f in relmans) printf "%6d %5.1f %%  %s\n", relmans[f], 100 * relmans[f] / samples, f | "sort -rn | head -" lines
  }'
