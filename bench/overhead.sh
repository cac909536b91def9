#!/usr/bin/env bash
# Overhead of `jfrtriage watch` on the watched JVM: the same throughput workload with and without watch
# attached, alternating, in one run; prints operations/s of each and the ratio (median of the runs).
#
#   bench/overhead.sh [--runs 3] [--threads 1] [--seconds 20]
#
# One workload thread by default so the 2-core machine has a core for jfrtriage itself: what is measured is
# the cost inside the target (JFR recording with the triage settings, streaming over JMX), not CPU contention
# with the analyzer.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=3; threads=1; seconds=20; warmup=8
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: bench/overhead.sh [--runs N] [--threads N] [--seconds N]" >&2; exit 2 ;;
  esac
done
out="$root/bench/out"; mkdir -p "$out/classes"
javac -d "$out/classes" "$root/bench/ThroughputWorkload.java"
jar="$root/cli/target/jfrtriage.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)

plain=(); watched=()
for i in $(seq "$runs"); do
  plain+=("$(java -Xmx512m -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads")")
  java -Xmx512m -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" > "$out/watched.txt" &
  pid=$!
  sleep 2   # attach during warm-up, so the measured seconds are all watched
  java -XX:+UseSerialGC -jar "$jar" watch "$pid" --window 60s --interval 10s > "$out/watch.log" 2>&1 &
  watcher=$!
  wait "$pid"
  wait "$watcher" || true
  watched+=("$(cat "$out/watched.txt")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
p=$(median "${plain[@]}"); w=$(median "${watched[@]}")
echo "runs: plain ${plain[*]} / watched ${watched[*]} (ops/s, $threads thread(s), $seconds s measured after $warmup s warm-up)"
awk -v p="$p" -v w="$w" 'BEGIN { printf "median ops/s: plain %d, watched %d; throughput ratio %.4f (%.2f%% loss)\n", p, w, w / p, 100 * (1 - w / p) }'
