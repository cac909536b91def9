#!/usr/bin/env bash
# Regenerates the sample recordings: runs each workload in workloads/ with JFR (or async-profiler) and writes
# recordings/<Workload>-<variant>.jfr. Then re-bless the golden reports (see README.md) and review the diff.
#
#   sample-recordings/regenerate.sh [--variants jdk17-default,async-profiler] [--seconds 12] [Workload ...]
#   sample-recordings/regenerate.sh --pairs [--seconds 10]     # before/after pairs for `jfrtriage diff` (pairs.tsv)
#
# Variants: jdk17-default jdk17-profile jdk25-default jdk25-profile async-profiler async-profiler-jdk25
#           (async-profiler-jdk25: JDK 25, wall-clock samples every 10 ms with CPU and lock profiling)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
variants="jdk17-default,async-profiler"
seconds=12
workloads=()
pairs=false
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs=true; shift ;;
    --variants) variants="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) workloads+=("$1"); shift ;;
  esac
done
if [ ${#workloads[@]} -eq 0 ]; then
  while IFS= read -r f; do workloads+=("$(basename "$f" .java)"); done \
    < <(find "$here/workloads" -name '*.java' | sort)
fi

jdk17="${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}"
jdk25="${JDK25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
ap_version=4.6

# JVM flags a workload needs to show its pattern (one place)
jvm_flags() {
  case "$1" in
    GcPressureHugeMap) echo "-Xmx512m" ;;
    UnsynchronizedHashMapWriters) echo "-Xmx2g" ;; # a corrupted map can grow without bound: keep GC out of the picture
    *) echo "-Xmx1g" ;;
  esac
}

# The first JDK a workload runs on (virtual threads: 21); variants on an older JDK are skipped, with a line saying so
min_jdk() {
  case "$1" in
    VirtualThreadPinning|VirtualThreadsBehindLock) echo 21 ;;
    *) echo 17 ;;
  esac
}

# JVM options a workload needs beyond its heap (the FFM upcall of the pinning workload is a restricted method)
jvm_options() {
  case "$1" in
    VirtualThreadPinning) echo "--enable-native-access=ALL-UNNAMED" ;;
    *) echo "" ;;
  esac
}

# JFR settings a workload needs beyond its variant's .jfc (appended to -XX:StartFlightRecording)
jfr_options() {
  case "$1:$2" in
    # profile.jfc dumps threads every 60 s, so a 12 s recording would hold none; default.jfc dumps at the start
    # and end of each chunk. Every 10 s is what the report recommends for catching deadlocks and lock holders.
    LockOrderDeadlock:*-profile) echo ",jdk.ThreadDump#period=10s" ;;
    *) echo "" ;;
  esac
}

async_profiler_lib() {
  local cache="$here/.cache"
  local lib="$cache/linux-x64/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    mkdir -p "$cache"
    mvn -q -B dependency:copy -Dartifact="tools.profiler:async-profiler:$ap_version" -DoutputDirectory="$cache" >&2
    (cd "$cache" && unzip -q -o "async-profiler-$ap_version.jar" linux-x64/libasyncProfiler.so)
  fi
  echo "$lib"
}

# async-profiler options, most complete first: CPU (itimer, since perf_event_paranoid may forbid `cpu`), wall
# clock, allocation and lock profiling in one JFR file. The first set the agent accepts without an error or a
# warning (checked once on `java -version`) is used, and printed.
ap_option_sets=(
  "event=itimer,wall=50ms,alloc=512k,lock=10ms"
  "event=itimer,alloc=512k,lock=10ms"
  "wall=50ms,alloc=512k,lock=10ms"
  "event=itimer"
)
# async-profiler-jdk25: wall-clock samples every 10 ms (threads blocked or parked are seen where they wait, also
# when no lock event is written), CPU and locks; checked the same way on JDK 25
ap25_option_sets=(
  "event=itimer,wall=10ms,lock=10ms"
  "wall=10ms,lock=10ms"
)
ap25_options=""
async_profiler_jdk25_options() {
  [ -n "$ap25_options" ] && return 0
  local lib probe log
  lib="$(async_profiler_lib)"
  probe="$(mktemp -d)"
  for opts in "${ap25_option_sets[@]}"; do
    log="$("$jdk25/bin/java" -agentpath:"$lib"=start,"$opts",file="$probe/probe.jfr",jfr -version 2>&1 || true)"
    if grep -q 'Profiling started' <<<"$log" && ! grep -qE '\[(ERROR|WARN)\]' <<<"$log"; then
      ap25_options="$opts"
      break
    fi
    echo "async-profiler $ap_version on JDK 25 rejected '$opts': $(grep -E '\[(ERROR|WARN)\]' <<<"$log" | head -1)" >&2
  done
  rm -rf "$probe"
  [ -n "$ap25_options" ] || { echo "async-profiler $ap_version accepted none of the JDK 25 option sets" >&2; exit 1; }
  echo "async-profiler $ap_version options on JDK 25: $ap25_options" >&2
}

ap_options=""
async_profiler_options() {
  [ -n "$ap_options" ] && return 0
  local lib probe log
  lib="$(async_profiler_lib)"
  probe="$(mktemp -d)"
  for opts in "${ap_option_sets[@]}"; do
    log="$("$jdk17/bin/java" -agentpath:"$lib"=start,"$opts",file="$probe/probe.jfr",jfr -version 2>&1 || true)"
    if grep -q 'Profiling started' <<<"$log" && ! grep -qE '\[(ERROR|WARN)\]' <<<"$log"; then
      ap_options="$opts"
      break
    fi
    echo "async-profiler $ap_version rejected '$opts': $(grep -E '\[(ERROR|WARN)\]' <<<"$log" | head -1)" >&2
  done
  rm -rf "$probe"
  [ -n "$ap_options" ] || { echo "async-profiler $ap_version accepted none of the option sets" >&2; exit 1; }
  echo "async-profiler $ap_version options: $ap_options" >&2
}

if [ "$pairs" = true ]; then
  # pairs.tsv: name, workload, before-mode, after-mode; each side a jdk17-default recording of the same length
  mkdir -p "$here/pairs"
  tail -n +2 "$here/pairs.tsv" | grep -v '^#' | while IFS=$'\t' read -r name workload before after _; do
    source_file="$(find "$here/workloads" -name "$workload.java" | head -1)"
    for side in before after; do
      mode="$before"; [ "$side" = after ] && mode="$after"
      out="$here/pairs/$name-$side.jfr"
      # shellcheck disable=SC2086
      "$jdk17/bin/java" $(jvm_flags "$workload") -XX:StartFlightRecording:filename="$out",settings=default \
          "$source_file" "$seconds" "$mode" > "$here/.last-run.log" 2>&1
      printf '%-45s %8s KB  %s\n' "$(basename "$out")" "$(( $(stat -c %s "$out") / 1024 ))" "$(tail -1 "$here/.last-run.log")"
    done
  done
  rm -f "$here/.last-run.log"
  exit 0
fi

mkdir -p "$here/recordings"
written=()
for workload in "${workloads[@]}"; do
  source_file="$(find "$here/workloads" -name "$workload.java" | head -1)"
  [ -n "$source_file" ] || { echo "no workload $workload" >&2; exit 2; }
  for variant in ${variants//,/ }; do
    out="$here/recordings/$workload-$variant.jfr"
    variant_jdk=17; [[ "$variant" == *jdk25* ]] && variant_jdk=25
    if [ "$variant_jdk" -lt "$(min_jdk "$workload")" ]; then
      echo "skipped $workload-$variant: $workload needs JDK $(min_jdk "$workload")+" >&2
      continue
    fi
    rm -f "$out"
    flags="$(jvm_flags "$workload") $(jvm_options "$workload")"
    case "$variant" in
      jdk17-default|jdk17-profile|jdk25-default|jdk25-profile)
        jdk="$jdk17"; [[ "$variant" == jdk25-* ]] && jdk="$jdk25"
        settings="${variant#*-}"
        # shellcheck disable=SC2086
        # 1 MB chunks (JFR's minimum): the larger recordings span several chunks, as long recordings do
        "$jdk/bin/java" $flags -XX:FlightRecorderOptions:maxchunksize=1m \
            -XX:StartFlightRecording:filename="$out",settings="$settings""$(jfr_options "$workload" "$variant")" \
            "$source_file" "$seconds" > "$here/.last-run.log" 2>&1
        ;;
      async-profiler)
        lib="$(async_profiler_lib)"
        async_profiler_options
        # shellcheck disable=SC2086
        "$jdk17/bin/java" $flags \
            -agentpath:"$lib"=start,"$ap_options",file="$out",jfr \
            "$source_file" "$seconds" > "$here/.last-run.log" 2>&1
        ;;
      async-profiler-jdk25)
        lib="$(async_profiler_lib)"
        async_profiler_jdk25_options
        # shellcheck disable=SC2086
        "$jdk25/bin/java" $flags \
            -agentpath:"$lib"=start,"$ap25_options",file="$out",jfr \
            "$source_file" "$seconds" > "$here/.last-run.log" 2>&1
        ;;
      *) echo "unknown variant $variant" >&2; exit 2 ;;
    esac
    [ -s "$out" ] || { echo "no recording for $workload-$variant:"; cat "$here/.last-run.log"; exit 1; } >&2
    printf '%-45s %8s KB  %s\n' "$(basename "$out")" "$(( $(stat -c %s "$out") / 1024 ))" "$(tail -1 "$here/.last-run.log")"
    written+=("$out")
  done
done
rm -f "$here/.last-run.log"
echo
echo "written (${#written[@]}):"
for f in "${written[@]}"; do printf '  %-45s %8s KB\n' "$(basename "$f")" "$(( $(stat -c %s "$f") / 1024 ))"; done
[ -n "$ap_options" ] && echo "async-profiler options: $ap_options"
[ -n "$ap25_options" ] && echo "async-profiler options on JDK 25: $ap25_options"
echo "recordings/ total: $(du -sh "$here/recordings" | cut -f1) (keep under ~25 MB)"
