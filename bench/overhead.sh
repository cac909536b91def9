#!/usr/bin/env bash
# Overhead of jfr-triage on the JVM it watches: the same throughput workload plain, with the in-process agent
# (-javaagent:jfrtriage-agent.jar) and with `jfrtriage watch` attached, interleaved in every round (the order
# rotates from round to round, so a drift of the machine falls on every mode alike), same JVM flags, same
# window and interval for agent and watch. Prints each mode's ops/s per round, each ratio to the plain run of
# the same round, and the ratios' median with their spread (min–max, and mean ± standard deviation); the same for
# operations per CPU second of the request thread (a thread that another process keeps off the CPU loses
# throughput, not efficiency: the figure a busy machine disturbs least); and the CPU of the process's other
# threads (JIT, GC, JFR, the agent) beyond the plain run's, during the measured seconds (steady state) and during
# the warm-up (the agent's and JFR's start, the JIT compiling the playbook), as a share of one core.
#
#   bench/overhead.sh [--rounds 7] [--threads 1] [--warmup 45] [--seconds 20] [--heap] [--heap-rounds 3]
#                     [--workload service|micro]   (see bench/ThroughputWorkload.java; service by default)
#                                                                    (--rounds 0 --heap: the probe alone)
#
# The warm-up is 45 s by default: the agent's start is a transient, not its running cost. The JIT compiles the
# playbook during the first evaluations (about 2 s of CPU on one core in the first 10 s, 0.4 s in the next 10 s,
# a tail after), and the agent's and JFR's start-up objects are copied from survivor space to survivor space
# at every young GC until they are old enough to be promoted (G1 young pauses of this workload 8-15 ms until
# ~40 s, 2-5 ms after). What is measured after the warm-up is the cost of running; the start is reported apart,
# as CPU. (With --warmup 8, the default until 6 December 2026, the measured seconds held the agent's start.)
#
# --heap adds heap probes (3 pairs by default, --heap-rounds N): plain and agent runs of 80 s; at 70 s (the 60 s window is full) a full GC and the
# heap in use after it, so the difference is what the agent keeps (window, tables, the client), not garbage;
# and the agent's own account of its CPU time (its threads, JFR's threads) beside the process's CPU time, a
# figure a busy machine disturbs far less than throughput.
#
# One workload thread by default so the 2-core machine has a core for jfrtriage itself: what is measured is
# the cost inside the target (JFR recording with the triage settings, the agent's evaluation in-process, or
# streaming over JMX for watch), not CPU contention with a second busy process.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds=7; threads=1; seconds=20; warmup=45; heap=0; heaprounds=3; workload=service
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds|--runs) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --heap) heap=1; shift ;;
    --heap-rounds) heap=1; heaprounds="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    *) echo "usage: bench/overhead.sh [--rounds N] [--threads N] [--warmup N] [--seconds N] [--heap] [--heap-rounds N] [--workload service|micro]" >&2; exit 2 ;;
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

run_plain() { java "${flags[@]}" -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" "$workload"; }
run_agent() {
  java "${flags[@]}" "-javaagent:$agent=port=0,window=$window,interval=$interval,dumps=0,dir=$agentdir" \
    -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" "$workload" 2> "$out/agent.log"
}
run_watch() {
  java "${flags[@]}" -cp "$out/classes" bench.ThroughputWorkload "$warmup" "$seconds" "$threads" "$workload" > "$out/watched.txt" &
  local pid=$!
  sleep 2   # attach during warm-up, so the measured seconds are all watched
  java -XX:+UseSerialGC -jar "$jar" watch "$pid" --window "$window" --interval "$interval" > "$out/watch.log" 2>&1 &
  local watcher=$!
  wait "$pid"
  wait "$watcher" || true
  cat "$out/watched.txt"
}

# plain twice a round: the spread of plain/plain is the noise the other ratios are read against
modes=(plain agent watch plain2)
run_plain2() { run_plain; }
declare -A ops eff oncpu warm busy
for r in $(seq "$rounds"); do
  for k in 0 1 2 3; do
    m="${modes[$(( (k + r) % 4 ))]}"
    read -r ops[$m,$r] eff[$m,$r] oncpu[$m,$r] warm[$m,$r] busy[$m,$r] <<< "$("run_$m")"
  done
  echo "round $r: plain ${ops[plain,$r]}, agent ${ops[agent,$r]}, watch ${ops[watch,$r]}, plain ${ops[plain2,$r]} ops/s;" \
    "per CPU second of the request thread ${eff[plain,$r]}, ${eff[agent,$r]}, ${eff[watch,$r]}, ${eff[plain2,$r]};" \
    "on CPU ${oncpu[plain,$r]}, ${oncpu[agent,$r]}, ${oncpu[watch,$r]}, ${oncpu[plain2,$r]}" >&2
done

spread() {  # label, then values: median (loss), spread, mean +- sd, the values
  local label="$1"; shift
  printf '%s\n' "$@" | sort -n | awk -v m="$label" '
    { a[NR] = $1; s += $1; q += $1 * $1 }
    END {
      n = NR; mean = s / n; sd = (n > 1) ? sqrt((q - n * mean * mean) / (n - 1)) : 0
      med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
      printf "%s: median %.4f (%.2f%% loss), spread %.4f-%.4f, mean %.4f +- %.4f (sd), rounds: ", m, med, 100 * (1 - med), a[1], a[n], mean, sd
    }'
  echo "$*"
}
ratios() {  # array name, mode: the mode's value over the same round's plain value, one per round
  local -n values="$1"; local m="$2" r
  for r in $(seq "$rounds"); do
    awk -v a="${values[$m,$r]}" -v p="${values[plain,$r]}" 'BEGIN { printf "%.4f\n", a / p }'
  done
}
extra() {  # array name, mode, seconds: the mode's other threads' CPU beyond plain's, as a share of one core
  local -n values="$1"; local m="$2" s="$3" r row=()
  for r in $(seq "$rounds"); do
    row+=("$(awk -v a="${values[$m,$r]}" -v p="${values[plain,$r]}" -v s="$s" 'BEGIN { printf "%.4f", (a - p) / s }')")
  done
  printf '%s\n' "${row[@]}" | sort -n | awk '{ a[NR] = $1 } END { n = NR; med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    printf "median %.2f%% of one core, spread %.2f%% to %.2f%%", 100 * med, 100 * a[1], 100 * a[n] }'
}
if [ "$rounds" -gt 0 ]; then
echo "$threads thread(s), $seconds s measured after $warmup s warm-up, $rounds rounds, JVM flags ${flags[*]}, window $window, interval $interval"
for m in plain agent watch plain2; do
  row=(); row2=(); row3=()
  for r in $(seq "$rounds"); do row+=("${ops[$m,$r]}"); row2+=("${eff[$m,$r]}"); row3+=("${oncpu[$m,$r]}"); done
  row4=(); for r in $(seq "$rounds"); do row4+=("${busy[$m,$r]}"); done
  echo "  $m: ops/s ${row[*]}; ops per CPU second of the request thread ${row2[*]}; request thread on CPU ${row3[*]};" \
    "other threads' CPU s in the measured seconds ${row4[*]}"
done
echo "throughput (ops/s):"
for m in agent watch plain2; do spread "  $m/plain" $(ratios ops "$m"); done
echo "efficiency (ops per CPU second of the request thread):"
for m in agent watch plain2; do spread "  $m/plain" $(ratios eff "$m"); done
echo "CPU of the threads besides the request thread (JIT, GC, JFR, the agent), beyond the plain run's (watch's own JVM not counted):"
for m in agent watch plain2; do
  echo "  $m: measured seconds $(extra busy "$m" "$seconds"); warm-up $(extra warm "$m" "$warmup")"
done
fi

if [ "$heap" = 1 ]; then
  probe() {  # mode -> "heap KB after a full GC at 70 s" [agent: "triage-cpu-s jfr-cpu-s process-cpu-s"]
    local extra=()
    [ "$1" = agent ] && extra=("-javaagent:$agent=port=0,window=$window,interval=$interval,dumps=0,dir=$agentdir")
    java "${flags[@]}" "${extra[@]}" -cp "$out/classes" bench.ThroughputWorkload 2 78 "$threads" "$workload" > /dev/null 2> "$out/probe.log" &
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
  kept=()
  for h in $(seq "$heaprounds"); do
    p="$(probe plain)"; read -r a triage jfr process <<< "$(probe agent)"
    awk -v h="$h" -v p="$p" -v a="$a" 'BEGIN { printf "heap probe %d: in use after a full GC at 70 s: plain %.1f MB, agent %.1f MB: the agent keeps %.1f MB\n", h, p / 1024, a / 1024, (a - p) / 1024 }'
    awk -v a="$triage" -v j="$jfr" -v p="$process" 'BEGIN { printf "  CPU in the first 70 s of the agent run (its start included): agent threads %.2f s, JFR threads %.2f s, of %.2f s for the whole process (%.2f%% + %.2f%%)\n", a, j, p, 100 * a / p, 100 * j / p }'
    kept+=("$(awk -v p="$p" -v a="$a" 'BEGIN { printf "%.1f", (a - p) / 1024 }')")
  done
  printf '%s\n' "${kept[@]}" | sort -n | awk '{ a[NR] = $1 } END { n = NR; med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    printf "heap the agent keeps: median %.1f MB, spread %.1f to %.1f MB over %d probes\n", med, a[1], a[n], n }'

fi
