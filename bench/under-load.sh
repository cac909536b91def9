#!/usr/bin/env bash
# Runs the README's test command (mvn -B -ntp verify) with CPU-burning processes beside it, several times in a row,
# and prints each run's result and wall time. Shows that the suite waits for conditions, not for clocks: it must
# pass on a machine that other jobs keep busy.
#
#   bench/under-load.sh [--runs 3] [--burners 2]
#
# Logs: bench/out/under-load-N.log. Exit 0 only if every run passed.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
burners=2
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --burners) burners="$2"; shift 2 ;;
    *) echo "usage: bench/under-load.sh [--runs N] [--burners N]" >&2; exit 2 ;;
  esac
done
mkdir -p bench/out
pids=()
stop_burners() {
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  pids=()
}
trap stop_burners EXIT
trap 'exit 130' INT TERM
failed=0
for run in $(seq 1 "$runs"); do
  for _ in $(seq 1 "$burners"); do
    bash -c 'while :; do :; done' &
    pids+=("$!")
  done
  log="bench/out/under-load-$run.log"
  start=$(date +%s)
  if mvn -B -ntp verify >"$log" 2>&1; then result=PASS; else result=FAIL; failed=1; fi
  end=$(date +%s)
  stop_burners
  tests=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures: [0-9]+, Errors: [0-9]+, Skipped: [0-9]+$' "$log" \
    | awk -F'[:,]' '{run+=$2; fail+=$4+$6; skip+=$8} END {printf "%d tests, %d failed, %d skipped", run, fail, skip}')
  echo "run $run: $result in $((end - start)) s with $burners CPU burners ($tests; load average $(cut -d' ' -f1-3 /proc/loadavg))"
done
exit "$failed"
