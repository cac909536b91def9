#!/usr/bin/env bash
# Time to first finding: from the end of the recording window to the printed report, for
# `jfrtriage attach PID --duration D` on the SyncMapHotspot workload (stop the recording, stream it out over
# JMX, analyze, print). Prints each run and the median; with --baseline OTHER.jar, runs that jar in the same
# rounds (interleaved, same workload and flags) and prints the ratio of the medians.
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

# latency JAR: seconds from the end of the window to the report, for one attach with that jar
latency() {
  java "$root/sample-recordings/workloads/demo/pricing/SyncMapHotspot.java" $((duration + 20)) > /dev/null 2>&1 &
  local target=$! start end
  sleep 5 # the workload warms up and contends before the window opens
  start=$(date +%s.%N)
  java -XX:+UseSerialGC -jar "$1" attach "$target" --duration "${duration}s" > /dev/null
  end=$(date +%s.%N)
  kill "$target" 2>/dev/null || true
  wait "$target" 2>/dev/null || true
  awk -v s="$start" -v e="$end" -v d="$duration" 'BEGIN { printf "%.2f", e - s - d }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

latencies=(); base=()
for _ in $(seq "$runs"); do
  latencies+=("$(latency "$jar")")
  [ -z "$baseline" ] || base+=("$(latency "$baseline")")
done
m=$(median "${latencies[@]}")
echo "seconds from end of the ${duration} s window to the printed report: ${latencies[*]}; median $m"
if [ -n "$baseline" ]; then
  b=$(median "${base[@]}")
  echo "baseline $baseline: ${base[*]}; median $b"
  awk -v m="$m" -v b="$b" 'BEGIN { printf "this build / baseline: %.2f\n", m / b }'
fi
