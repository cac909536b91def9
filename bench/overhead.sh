#!/usr/bin/env bash
# Overhead of jfr-triage on the JVM it watches: the same throughput workload plain, with the in-process agent
# (-javaagent:jfrtriage-agent.jar) and with `jfrtriage watch` attached, interleaved in every round (the order
# rotates from round to round, so a drift of the machine falls on every mode alike), same JVM flags, same
# window and interval for agent and watch. Prints each mode's ops/s per round, each ratio to the plain run of
# the same round, and the ratios' median with their spread (min–max, and mean ± standard deviation).
#
#   bench/overhead.sh [--rounds 7] [--threads 1] [--seconds 20] [--heap]    (--rounds 0 --heap: the probe alone)
#
# --heap adds a heap probe: plain and agent runs of 80 s; at 70 s (the 60 s window is full) a full GC and the
# heap in use after it, so the difference is what the agent keeps (window, tables, the client), not garbage;
# and the agent's own account of its CPU time (its threads, JFR's threads) beside the process's CPU time, a
# figure a busy machine disturbs far less than throughput.
#
# One workload thread by default so the 2-core machine has a core for jfrtriage itself: what is measured is
# the cost inside the target (JFR recording with the triage settings, the agent's evaluation in-process, or
# streaming over JMX for watch), not CPU contention with a second busy process.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=7; threads=1; seconds=20; warmup=8; heap=0
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds|--runs) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --heap) heap=1; shift ;;
    *) echo "usage: bench/overhead.sh [--rounds N] [--threads N] [--seconds N] [--heap]" >&2; exit 2 ;;
  esac
done
out="$root/bench/out"; mkdir -p "$out/classes"
javac -d "$out/classes" "$root/bench/ThroughputWorkload.java"
jar="$root/cli/target/jfrtriage.jar"
agent="$root/agent/target/jfrtriage-agent.jar"
[ -f "$jar" ] && [ -f "$agent" ] || (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
flags=(-Xmx512m -XX:+UseG1GC)
agentdir="$(mktemp -d "$out/agent.XXXXXX")"
trap 'rm -rf "$agentdir"' EXIT
window=60s; interval=10s

run_plain() { java "${flags[@]}" -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads"; }
run_agent() {
  java "${flags[@]}" "-javaagent:$agent=port=0,window=$window,interval=$interval,dumps=0,dir=$agentdir" \
    -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" 2> "$out/agent.log"
}
run_watch() {
  java "${flags[@]}" -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" > "$out/watched.txt" &
  local pid=$!
  sleep 2   # attach during warm-up, so the measured seconds are all watched
  java -XX:+UseSerialGC -jar "$jar" watch "$pid" --window "$window" --interval "$interval" > "$out/watch.log" 2>&1 &
  local watcher=$!
  wait "$pid"
  wait "$watcher" || true
  cat "$out/watched.txt"
}

modes=(plain agent watch)
declare -A ops
for r in $(seq "$rounds"); do
  for k in 0 1 2; do
    m="${modes[$(( (k + r) % 3 ))]}"
    ops[$m,$r]="$("run_$m")"
  done
  echo "round $r: plain ${ops[plain,$r]}, agent ${ops[agent,$r]}, watch ${ops[watch,$r]} ops/s" >&2
done

summary() {  # mode
  local m="$1" ratios=()
  for r in $(seq "$rounds"); do
    ratios+=("$(awk -v a="${ops[$m,$r]}" -v p="${ops[plain,$r]}" 'BEGIN { printf "%.4f", a / p }')")
  done
  printf '%s\n' "${ratios[@]}" | sort -n | awk -v m="$m" '
    { a[NR] = $1; s += $1; q += $1 * $1 }
    END {
      n = NR; mean = s / n; sd = (n > 1) ? sqrt((q - n * mean * mean) / (n - 1)) : 0
      med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      printf "%s/plain: median %.4f (%.2f%% loss), spread %.4f-%.4f, mean %.4f +- %.4f (sd), rounds: ", m, med, 100 * (1 - med), a[1], a[n], mean, sd
    }'
  echo "${ratios[*]}"
}
if [ "$rounds" -gt 0 ]; then
echo "ops/s, $threads thread(s), $seconds s measured after $warmup s warm-up, $rounds rounds, JVM flags ${flags[*]}, window $window, interval $interval"
for m in plain agent watch; do
  row=()
  for r in $(seq "$rounds"); do row+=("${ops[$m,$r]}"); done
  echo "  $m: ${row[*]}"
done
summary agent
summary watch
fi

if [ "$heap" = 1 ]; then
  probe() {  # mode -> "heap KB after a full GC at 70 s" [agent: "triage-cpu-s jfr-cpu-s process-cpu-s"]
    local extra=()
    [ "$1" = agent ] && extra=("-javaagent:$agent=port=0,window=$window,interval=$interval,dumps=0,dir=$agentdir")
    java "${flags[@]}" "${extra[@]}" -cp "$out/classes" bench.ThroughputWorkload 2 78 "$threads" > /dev/null 2> "$out/probe.log" &
    local pid=$!
    sleep 70
    local cost=""
    if [ "$1" = agent ]; then
      # the agent's own account of its CPU (its threads, JFR's threads) beside the whole process's CPU time
      local port metrics ticks
      port="$(sed -n 's|.*serving http://[0-9.]*:\([0-9]*\)/metrics.*|\1|p' "$out/probe.log" | head -1)"
      metrics="$(curl -s "http://127.0.0.1:$port/metrics")"
      ticks="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
      cost="$(printf '%s\n' "$metrics" | awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" '
        /^jfrtriage_agent_cpu_seconds_total\{.*part="triage"/ { a = $NF }
        /^jfrtriage_agent_cpu_seconds_total\{.*part="jfr"/ { j = $NF }
        END { printf " %s %s %.2f", a, j, t / hz }')"
    fi
    jcmd "$pid" GC.run > /dev/null
    local used
    used="$(jcmd "$pid" GC.heap_info | awk '/garbage-first heap/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); print v } }')"
    wait "$pid" || true
    echo "$used$cost"
  }
  p="$(probe plain)"; read -r a triage jfr process <<< "$(probe agent)"
  awk -v p="$p" -v a="$a" 'BEGIN { printf "heap in use after a full GC at 70 s: plain %.1f MB, agent %.1f MB: the agent keeps %.1f MB\n", p / 1024, a / 1024, (a - p) / 1024 }'
  awk -v a="$triage" -v j="$jfr" -v p="$process" 'BEGIN { printf "CPU in the first 70 s of the agent run: agent threads %.2f s, JFR threads %.2f s, of %.2f s for the whole process (%.2f%% + %.2f%%)\n", a, j, p, 100 * a / p, 100 * j / p }'
fi
