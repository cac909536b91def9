#!/usr/bin/env bash
# Time to first finding: from the end of the recording window to the printed report, for
# `jfrtriage attach PID --duration D` on the SyncMapHotspot workload (stop the recording, stream it out over
# JMX, analyze, print). Prints each run and the median.
#
#   bench/first-finding.sh [--runs 3] [--duration 5]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3; duration=5
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    *) echo "usage: bench/first-finding.sh [--runs N] [--duration SECONDS]" >&2; exit 2 ;;
  esac
done
jar="$root/cli/target/jfrtriage.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
latencies=()
for i in $(seq "$runs"); do
  java "$root/sample-recordings/workloads/demo/pricing/SyncMapHotspot.java" $((duration + 20)) > /dev/null 2>&1 &
  target=$!
  sleep 5
  start=$(date +%s.%N)
  java -XX:+UseSerialGC -jar "$jar" attach "$target" --duration "${duration}s" > /dev/null
  end=$(date +%s.%N)
  kill "$target" 2>/dev/null || true
  wait "$target" 2>/dev/null || true
  latencies+=("$(awk -v s="$start" -v e="$end" -v d="$duration" 'BEGIN { printf "%.2f", e - s - d }')")
done
median=$(printf '%s\n' "${latencies[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "seconds from end of the ${duration} s window to the printed report: ${latencies[*]}; median $median"
