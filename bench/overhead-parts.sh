#!/usr/bin/env bash
# Where the agent's cost goes: the throughput workload run plain, with JFR recording the triage settings and
# read by no one (record), with the same settings streamed to a consumer that only counts events (stream), with
# no JFR but a thread that uses HashMap and ConcurrentHashMap with other types for 8 s (pollute: the cost of
# sharing the JDK's code, and the JIT's profiles of it, with anything else in the JVM), and with the agent (-javaagent: the stream, the window, the playbook every interval); interleaved, the order
# rotating from round to round, same JVM flags as bench/overhead.sh. Each run prints the workload's line and the
# CPU ticks (1/100 s) of each of the process's other threads during the measured seconds (JIT compiler threads,
# GC threads, JFR's threads — the execution sampler among them — and the agent's), its young GCs and their pause.
# Then, per mode, the median and spread of ops/s and ops per CPU second of the request thread over plain's, and
# the median ticks of each thread.
#
#   bench/overhead-parts.sh [--rounds 5] [--warmup 45] [--seconds 15] [--modes "plain record stream agent pollute"]
#                           [--set "jdk.ExecutionSample#period=40 ms;..."]   (settings for record and stream)
#                           [--workload service|micro]   (see ThroughputWorkload; service by default)
# Any mode name not listed above (plain2, ...) runs as plain: a second plain run is the noise.
#
# Wrap it in `flock /work/coord/record.lock` on a shared machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=5; warmup=45; seconds=15; modes="plain record stream agent"; set=""; workload=service
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --modes) modes="$2"; shift 2 ;;
    --set) set="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    *) echo "usage: bench/overhead-parts.sh [--rounds N] [--warmup N] [--seconds N] [--modes \"...\"] [--set \"...\"] [--workload service|micro]" >&2; exit 2 ;;
  esac
done
out="$root/bench/out"; mkdir -p "$out/parts-classes"
javac -d "$out/parts-classes" "$root/bench/ThroughputWorkload.java" "$root/bench/OverheadParts.java"
agent="$root/agent/target/jfrtriage-agent.jar"
[ -f "$agent" ] || (cd "$root" && mvn -q -B -DskipTests -pl agent -am package)
jfc="$root/collector/src/main/resources/org/jfrtriage/collector/triage.jfc"
agentdir="$(mktemp -d "$out/agent.XXXXXX")"
results="$(mktemp "$out/parts.XXXXXX")"
trap 'rm -rf "$agentdir" "$results"' EXIT
read -r -a m <<< "$modes"
n=${#m[@]}
for r in $(seq "$rounds"); do
  for k in $(seq 0 $((n - 1))); do
    mode="${m[$(( (k + r) % n ))]}"
    extra=(); kind="$mode"
    if [ "$mode" = agent ]; then
      extra=("-javaagent:$agent=port=0,window=60s,interval=10s,dumps=0,dir=$agentdir"); kind=plain
    fi
    line="$(java -Xmx512m -XX:+UseG1GC "${extra[@]}" "-Dparts.set=$set" -cp "$out/parts-classes" bench.OverheadParts \
      "$kind" "$jfc" "$warmup" "$seconds" 1 "$workload" 2> "$out/parts.log" | tr '\n' ' ')"
    echo "$r $mode $line" | tee -a "$results" >&2
  done
done
echo "$workload workload, $seconds s measured after $warmup s warm-up, $rounds rounds; ticks are 1/100 s of CPU in the measured seconds"
python3 - "$results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    f = line.split()
    runs[f[1]][f[0]] = f
def ratios(mode, col):
    v = sorted(float(row[col]) / float(runs["plain"][r][col]) for r, row in runs[mode].items() if r in runs["plain"])
    return f"median {statistics.median(v):.4f}, spread {v[0]:.4f}-{v[-1]:.4f}" if v else "-"
for mode, rows in runs.items():
    counters = []
    for row in rows.values():
        seen = collections.Counter()
        for kv in row[row.index("parts:") + 1:row.index("|")]:
            name, t = kv.split("=")
            seen[name] += int(t)
        counters.append(seen)
    ticks = {name: [c.get(name, 0) for c in counters] for name in set().union(*counters)}
    summary = ", ".join(f"{name} {statistics.median(v):g} ({min(v)}-{max(v)})" for name, v in sorted(ticks.items()))
    print(f"{mode}: ops/s over plain {ratios(mode, 2)}; per CPU second of the request thread {ratios(mode, 3)}")
    print(f"  ticks by thread, median (min-max): {summary}")
PY
