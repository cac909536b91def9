#!/usr/bin/env bash
# Time to first finding for `jfrtriage attach PID --duration D` on the SyncMapHotspot workload, two figures per run:
#  * after the window: from the moment the recording window closes to the printed report (stop the recording,
#    stream it out over JMX, analyze, print), as `attach --timings` measures it inside the command — the goal's
#    figure;
#  * whole command: the command's wall time minus the window, i.e. also its JVM start and the attach before the
#    window opens (what a person waits beyond the duration they asked for).
# Prints each run and the medians; with --baseline OTHER.jar, runs that jar in the same rounds (interleaved, same
# workload and flags) and prints the ratio of the whole-command medians (an older jar may lack --timings).
#
#   bench/first-finding.sh [--runs 3] [--duration 5] [--baseline path/to/older/jfrtriage.jar]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3; duration=5; baseline=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    *) echo "usage: bench/first-finding.sh [--runs N] [--duration SECONDS] [--baseline JAR]" >&2; exit 2 ;;
  esac
done
jar="$root/cli/target/jfrtriage.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)

# latency JAR [--timings]: "WHOLE AFTER" seconds for one attach with that jar (AFTER is "-" without --timings)
latency() {
  local work; work="$(mktemp -d)"
  java "$root/sample-recordings/workloads/demo/pricing/SyncMapHotspot.java" $((duration + 20)) > "$work/workload.out" 2>&1 &
  local target=$! start end after=-
  # the workload prints once its request threads run; then it warms up a few seconds more before the window
  for _ in $(seq 300); do grep -q running "$work/workload.out" && break; sleep 0.1; done
  sleep 3
  start=$(date +%s.%N)
  java -XX:+UseSerialGC -jar "$1" attach "$target" --duration "${duration}s" ${2:-} > /dev/null 2> "$work/err.txt"
  end=$(date +%s.%N)
  kill "$target" 2>/dev/null || true
  wait "$target" 2>/dev/null || true
  if [ -n "${2:-}" ]; then
    after=$(sed -n 's/.*report out \([0-9]*\) ms after the window closed.*/\1/p' "$work/err.txt" | awk '{ printf "%.2f", $1 / 1000 }')
  fi
  rm -rf "$work"
  awk -v s="$start" -v e="$end" -v d="$duration" -v a="$after" 'BEGIN { printf "%.2f %s", e - s - d, a }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

whole=(); after=(); base=()
for _ in $(seq "$runs"); do
  read -r w a <<<"$(latency "$jar" --timings)"
  whole+=("$w"); after+=("$a")
  [ -z "$baseline" ] || { read -r w a <<<"$(latency "$baseline")"; base+=("$w"); }
done
echo "seconds from the end of the ${duration} s window to the printed report (attach --timings): ${after[*]}; median $(median "${after[@]}")"
m=$(median "${whole[@]}")
echo "whole command minus the window (JVM start, attach, and the above): ${whole[*]}; median $m"
if [ -n "$baseline" ]; then
  b=$(median "${base[@]}")
  echo "baseline $baseline, whole command minus the window: ${base[*]}; median $b"
  awk -v m="$m" -v b="$b" 'BEGIN { printf "this build / baseline: %.2f\n", m / b }'
fi
