#!/usr/bin/env bash
# Analyzer benchmark: generates two shapes of large recording once (cached in bench/out/, never committed) and
# prints, for each file, jfrtriage analyze next to the baselines measured on the same file in the same run:
# plain jdk.jfr.consumer RecordingFile iteration, async-profiler's JfrReader (tools.profiler:jfr-converter,
# fetched through Maven) reading every event it knows, and `jfr summary`; then `--format html` and `diff` of the file
# with itself, with what html adds to analyze and diff's ratio to one analyze (issue 16's goals).
#
#   bench/run.sh [--size-mb 500] [--heap 256m] [--engines "jdk fast"] [--runs 3] [--shapes "dense park sampled"]
#                [--sampled-seconds 60] [--gzip]
#
# --gzip also measures each file gzip'd (made once with `gzip -c`, cached beside it): inflating it alone through the
# JDK's zlib as jfrtriage does (bench/InflateOnly.java, nothing written), and analyze on it, which reads chunks while
# the file inflates; its median against the plain file's analyze and against the longer of inflating and analyzing
# (1.00x would be a perfect overlap).
#
# Shapes: dense (LargeRecordingWorkload: monitor + ReentrantLock contention, small TLABs, 1 ms CPU samples; stack
# pools ~64% of the file), park (ParkHeavyWorkload: 64 threads queueing for a 6-permit pool, ~50-frame stacks,
# jdk.ThreadPark ≫ jdk.JavaMonitorEnter — the shape of a service starved of connections) and sampled (the same
# workload recorded by async-profiler instead of JFR for --sampled-seconds: itimer and wall-clock samples every 1 ms,
# every lock event, allocations; one chunk, stacks ~100 frames deep with their native frames, 0.6–1.1 MB a second
# of recording here — the shape `jfrtriage record --profiler async` and `asprof -o jfr` write). The sampled shape is sized
# by time, not --size-mb: async-profiler writes a tenth of JFR's rate, so 500 MB would take a quarter of an hour.
#
# Wall time includes JVM start. jfrtriage runs through ./jfrtriage (its JVM options and class-data archive)
# with the given heap. Peak RSS from /usr/bin/time (for ours it includes the two chunk buffers, and the read pages of
# any chunk over 32 MB, which is mapped). MB/s and events/s use the file size and the event count RecordingFile reports.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size_mb=500
heap=256m
engines="fast"
runs=3
shapes="dense park sampled"
sampled_seconds=60
gzip=0
while [ $# -gt 0 ]; do
  case "$1" in
    --size-mb) size_mb="$2"; shift 2 ;;
    --sampled-seconds) sampled_seconds="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --gzip) gzip=1; shift ;;
    *) echo "usage: bench/run.sh [--size-mb N] [--heap 256m] [--engines \"jdk fast\"] [--runs N] [--shapes \"dense park sampled\"] [--sampled-seconds N] [--gzip]" >&2; exit 2 ;;
  esac
done
out="$root/bench/out"
mkdir -p "$out/classes"
# generate SHAPE FILE: the recording of one shape, once (cached in bench/out/)
generate() {
  local shape="$1" file="$2" seconds main
  [ -f "$file" ] && return
  if [ "$shape" = sampled ]; then
    generate_sampled "$file"
    return
  fi
  case "$shape" in
    # the dense workload writes ~6 MB/s on this 2-core machine; maxsize keeps the newest size_mb of chunks
    dense) seconds=$(( size_mb / 5 + 20 )); main="$root/bench/LargeRecordingWorkload.java $seconds 16" ;;
    # the park-heavy one writes 0.6–1.5 MB/s: it stops itself once the recording holds 98% of size_mb (Recording.getSize
    # is what the recording holds now, after maxsize dropped the oldest chunks, so it never passes size_mb: a target
    # above it ran the workload for all its seconds, 26 minutes at 500 MB)
    park) seconds=$(( size_mb * 3 + 60 )); main="$root/bench/ParkHeavyWorkload.java $seconds $(( size_mb * 98 / 100 ))" ;;
  esac
  echo "generating $file (~${seconds}s of the $shape workload)..." >&2
  # shellcheck disable=SC2086 # main is the source file and its arguments
  java -XX:FlightRecorderOptions:stackdepth=64 -XX:StartFlightRecording:filename="$file.part",settings="$root/bench/dense.jfc",maxsize="${size_mb}m" \
       -XX:TLABSize=4k -XX:-ResizeTLAB -Xmx1g $main >/dev/null
  mv "$file.part" "$file"
  local got=$(( $(stat -c %s "$file") / 1048576 ))
  [ "$got" -ge $(( size_mb * 9 / 10 )) ] || echo "note: $file came out at $got MB (the machine was slower than assumed)" >&2
}
# generate_sampled FILE: the park-heavy workload under async-profiler (its library from the Maven artifact the
# collector uses, unpacked into bench/out once) for sampled_seconds
generate_sampled() {
  local file="$1" arch lib
  case "$(uname -m)" in
    x86_64|amd64) arch=linux-x64 ;;
    aarch64|arm64) arch=linux-arm64 ;;
    *) echo "no async-profiler library for $(uname -m): skipping the sampled shape" >&2; return 1 ;;
  esac
  lib="$out/async-profiler/$arch/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    mvn -q -B -Dstyle.color=never dependency:copy -Dartifact=tools.profiler:async-profiler:4.6 -DoutputDirectory="$out" >&2
    (cd "$out" && mkdir -p async-profiler && cd async-profiler && unzip -q -o ../async-profiler-4.6.jar "$arch/libasyncProfiler.so")
  fi
  echo "generating $file (${sampled_seconds}s of the park-heavy workload under async-profiler)..." >&2
  java -agentpath:"$lib"=start,event=itimer,interval=1ms,wall=1ms,lock=0,alloc=64k,jfr,file="$file.part" -Xmx1g \
       "$root/bench/ParkHeavyWorkload.java" "$sampled_seconds" >/dev/null
  mv "$file.part" "$file"
}
jar="$root/cli/target/jfrtriage.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
fi
javac -d "$out/classes" "$root/bench/PlainIteration.java" "$root/bench/InflateOnly.java"
converter="$out/jfr-converter-4.5.jar"
if [ ! -f "$converter" ]; then
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact=tools.profiler:jfr-converter:4.5 -DoutputDirectory="$out" >&2
fi
javac -cp "$converter" -d "$out/classes" "$root/bench/AsyncProfilerReaderBaseline.java"

bench_file() {
  local shape="$1" file="$2"
  bytes=$(stat -L -c %s "$file")
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

  # measure NAME CMD...: best and median wall time of $runs runs, and the best run's peak RSS
  measure() {
    local name="$1"; shift
    local best="" best_rss="" walls=()
    for _ in $(seq "$runs"); do
      /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
        echo "$name failed: $(head -c 300 "$out/stderr.txt")" >&2; echo "$name|failed|-|-"; return; }
      read -r wall rss < "$out/time.txt"
      walls+=("$wall")
      if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$wall"; best_rss="$rss"; fi
    done
    local median
    median=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    echo "$name|$best|$median|$best_rss"
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
  # the other paths the goals name: the HTML report, and diff (the file against itself: both read side by side)
  results+=("$(measure "./jfrtriage analyze --format html (-Xmx$heap)" env JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" analyze "$file" --format html -o "$out/report.html")")
  results+=("$(measure "./jfrtriage diff (same file twice, -Xmx$heap)" env JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" diff "$file" "$file")")
  rm -f "$out/report.html"
  if [ "$gzip" = 1 ]; then
    if [ ! -f "$file.gz" ]; then
      gzip -c "$file" > "$file.gz.part"
      mv "$file.gz.part" "$file.gz"
    fi
    results+=("$(measure "inflating the file gzip'd, alone (JDK zlib)" java -cp "$out/classes" bench.InflateOnly "$file.gz")")
    results+=("$(measure "./jfrtriage analyze FILE.gz (-Xmx$heap)" env JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" analyze "$file.gz" --format json)")
  fi

  base=$(echo "${results[0]}" | cut -d'|' -f2)
  echo
  echo "$shape shape: $file ($mb MB, $events events); best and median of $runs runs; wall time includes JVM start"
  printf '%-46s %9s %9s %9s %12s %10s %9s\n' "reader" "best s" "median s" "MB/s" "events/s" "RSS MB" "vs base"
  for r in "${results[@]}"; do
    IFS='|' read -r name wall median rss <<<"$r"
    if [ "$wall" = "failed" ]; then printf '%-46s %9s\n' "$name" "failed"; continue; fi
    awk -v n="$name" -v w="$wall" -v m="$median" -v r="$rss" -v mb="$mb" -v ev="$events" -v b="$base" \
      'BEGIN { printf "%-46s %9.2f %9.2f %9.0f %12.0f %10.0f %8.2fx\n", n, w, m, mb / w, ev / w, r / 1024, b / w }'
  done
  # the goals as ratios to the default engine's analyze measured above (medians)
  local fast html diff
  # (a failed run's best is "failed" and its median "-")
  fast=$(printf '%s\n' "${results[@]}" | awk -F'|' '/--engine fast/ && $2 != "failed" { print $3 }')
  html=$(printf '%s\n' "${results[@]}" | awk -F'|' '/--format html/ && $2 != "failed" { print $3 }')
  diff=$(printf '%s\n' "${results[@]}" | awk -F'|' '/jfrtriage diff/ && $2 != "failed" { print $3 }')
  [ -n "$fast" ] && [ -n "$html" ] && awk -v f="$fast" -v h="$html" 'BEGIN { printf "median: --format html adds %.2f s to analyze\n", h - f }'
  [ -n "$fast" ] && [ -n "$diff" ] && awk -v f="$fast" -v d="$diff" 'BEGIN { printf "median: diff takes %.2fx one analyze\n", d / f }'
  local inflate gz
  inflate=$(printf '%s\n' "${results[@]}" | awk -F'|' '/inflating the file/ && $2 != "failed" { print $3 }')
  gz=$(printf '%s\n' "${results[@]}" | awk -F'|' '/analyze FILE.gz/ && $2 != "failed" { print $3 }')
  [ -n "$fast" ] && [ -n "$inflate" ] && [ -n "$gz" ] && awk -v f="$fast" -v i="$inflate" -v g="$gz" \
    'BEGIN { printf "median: the gzip'"'"'d file takes %.2fx the plain one, %.2fx the longer of inflating (%.2f s) and analyzing\n", g / f, g / (i > f ? i : f), i }'
  # the machine's speed changes from day to day (this shared one by 2x): analyze against the reading-only baseline
  # measured on the same file in the same run is the figure that carries from one day to the next
  local jfrreader
  jfrreader=$(printf '%s\n' "${results[@]}" | awk -F'|' '/JfrReader/ && $2 != "failed" { print $3 }')
  [ -n "$fast" ] && [ -n "$jfrreader" ] && awk -v f="$fast" -v j="$jfrreader" 'BEGIN { printf "median: analyze takes %.2fx async-profiler JfrReader reading the same file\n", f / j }'
  true
}

for shape in $shapes; do
  case "$shape" in
    dense) file="$out/large-${size_mb}mb.jfr" ;;
    park) file="$out/park-${size_mb}mb.jfr" ;;
    sampled) file="$out/sampled-${sampled_seconds}s.jfr" ;;
    *) echo "unknown shape $shape (dense, park, sampled)" >&2; exit 2 ;;
  esac
  generate "$shape" "$file" || continue
  bench_file "$shape" "$file"
done
