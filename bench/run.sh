#!/usr/bin/env bash
# Analyzer benchmark: generates a large recording once (cached in bench/out/, never committed) and prints, in
# one run on that file, jfrtriage analyze next to the baselines measured on the same file in the same run:
# plain jdk.jfr.consumer RecordingFile iteration, async-profiler's JfrReader (tools.profiler:jfr-converter,
# fetched through Maven) reading every event it knows, and `jfr summary`.
#
#   bench/run.sh [--size-mb 500] [--heap 256m] [--engines "jdk fast"] [--runs 3]
#
# Wall time includes JVM start. jfrtriage runs through ./jfrtriage (its JVM options and class-data archive)
# with the given heap. Peak RSS from /usr/bin/time (it includes the pages of the memory-mapped file that were read). MB/s and events/s use the file size and the
# event count RecordingFile reports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mb=500
heap=256m
engines="fast"
runs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) size_mb="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "usage: bench/run.sh [--size-mb N] [--heap 256m] [--engines \"jdk fast\"] [--runs N]" >&2; exit 2 ;;
  esac
done
out="$root/bench/out"
mkdir -p "$out/classes"
file="$out/large-${size_mb}mb.jfr"

if [ ! -f "$file" ]; then
  # the dense workload writes ~6 MB/s on this 2-core machine; maxsize keeps the newest size_mb of chunks
  seconds=$(( size_mb / 5 + 20 ))
  echo "generating $file (~${seconds}s of a dense workload)..." >&2
  java -XX:FlightRecorderOptions:stackdepth=64 -XX:StartFlightRecording:filename="$file",settings="$root/bench/dense.jfc",maxsize="${size_mb}m" \
       -XX:TLABSize=4k -XX:-ResizeTLAB -Xmx1g \
       "$root/bench/LargeRecordingWorkload.java" "$seconds" 16 >/dev/null
fi
jar="$root/cli/target/jfrtriage.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
fi
javac -d "$out/classes" "$root/bench/PlainIteration.java"
converter="$out/jfr-converter-4.5.jar"
if [ ! -f "$converter" ]; then
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact=tools.profiler:jfr-converter:4.5 -DoutputDirectory="$out" >&2
fi
javac -cp "$converter" -d "$out/classes" "$root/bench/AsyncProfilerReaderBaseline.java"

bytes=$(stat -c %s "$file")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

# measure NAME CMD...: best wall time of $runs runs, and its peak RSS
measure() {
  local name="$1"; shift
  local best="" best_rss=""
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
      echo "$name failed: $(head -c 300 "$out/stderr.txt")" >&2; echo "$name|failed|-|-|-"; return; }
    read -r wall rss < "$out/time.txt"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$wall"; best_rss="$rss"; fi
  done
  echo "$name|$best|$best_rss"
}

events=$(java -Xmx2g -cp "$out/classes" bench.PlainIteration "$file")
results=()
results+=("$(measure "RecordingFile iteration (-Xmx2g)" java -Xmx2g -cp "$out/classes" bench.PlainIteration "$file")")
results+=("$(measure "async-profiler JfrReader (-Xmx2g)" java -Xmx2g -cp "$out/classes:$converter" bench.AsyncProfilerReaderBaseline "$file")")
results+=("$(measure "jfr summary" jfr summary "$file")")
for engine in $engines; do
  # through the launcher, as a person runs it: its JVM options and class-data archive, plus the heap limit
  results+=("$(measure "./jfrtriage analyze --engine $engine (-Xmx$heap)" env JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" analyze "$file" --format json --engine "$engine")")
done

base=$(echo "${results[0]}" | cut -d'|' -f2)
echo
echo "file: $file ($mb MB, $events events); best of $runs runs; wall time includes JVM start"
printf '%-46s %9s %9s %12s %10s %9s\n' "reader" "wall s" "MB/s" "events/s" "RSS MB" "vs base"
for r in "${results[@]}"; do
  IFS='|' read -r name wall rss <<<"$r"
  if [ "$wall" = "failed" ]; then printf '%-46s %9s\n' "$name" "failed"; continue; fi
  awk -v n="$name" -v w="$wall" -v r="$rss" -v mb="$mb" -v ev="$events" -v b="$base" \
    'BEGIN { printf "%-46s %9.2f %9.0f %12.0f %10.0f %8.2fx\n", n, w, mb / w, ev / w, r / 1024, b / w }'
done
