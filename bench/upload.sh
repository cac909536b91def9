#!/usr/bin/env bash
# The web path of issue 16: upload a large recording to `jfrtriage serve` and wait for its report, beside
# `jfrtriage analyze` of the same file in the same round (both with the same heap), so the figures are a ratio
# measured on one machine at one time. Per round: the upload (curl, multipart, loopback), the server's analysis
# (its own elapsedMs: read, rules, and writing the JSON, CSV, HTML and view.json it serves afterwards), the whole
# upload-to-report time, and the CLI's analyze --format json. With --uploads N the round's server is sent the file N
# times (each analysis deleted before the next upload, so it is analyzed again): the later analyses are a warm
# server's, against the first's cold JVM.
#
#   bench/upload.sh [--file bench/out/large-500mb.jfr] [--rounds 3] [--heap 256m] [--uploads 1] [--rate 200M]
#
# --rate caps curl's sending rate (curl --limit-rate), as a network slower than loopback would: what the server
# does after the last byte arrives (the upload's digest, before 8 December) then shows in the upload's time.
#
# The server runs on a free loopback port with a data directory in bench/out that is deleted afterwards; a
# duplicate upload would be answered from the first one's analysis, so each round starts a fresh server.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
file="$root/bench/out/large-500mb.jfr"; rounds=3; heap=256m; uploads=1; rate=()
while [ $# -gt 0 ]; do
  case "$1" in
    --file) file="$2"; shift 2 ;;
    --rounds|--runs) rounds="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --uploads) uploads="$2"; shift 2 ;;
    --rate) rate=(--limit-rate "$2"); shift 2 ;;
    *) echo "usage: bench/upload.sh [--file F] [--rounds N] [--heap 256m] [--uploads N] [--rate 200M]" >&2; exit 2 ;;
  esac
done
[ -f "$file" ] || { echo "no $file: bench/run.sh generates it" >&2; exit 2; }
command -v curl >/dev/null || { echo "curl is needed" >&2; exit 2; }
out="$root/bench/out"; mkdir -p "$out"
data="$(mktemp -d "$out/serve.XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill "$server"; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data" "$out/serve.log"
}
trap cleanup EXIT
now() { date +%s.%N; }
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

echo "file: $file ($(( $(stat -L -c %s "$file") / 1048576 )) MB), heap -Xmx$heap, $rounds rounds${rate[1]:+, curl --limit-rate ${rate[1]}}" >&2
for r in $(seq "$rounds"); do
  rm -rf "${data:?}"/*
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
  JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" serve --port "$port" --data "$data" >"$out/serve.log" 2>&1 &
  server=$!
  deadline=$(( $(date +%s) + 60 ))
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$server" 2>/dev/null || { echo "serve exited: $(tail -3 "$out/serve.log")" >&2; exit 1; }
    [ "$(date +%s)" -lt "$deadline" ] || { echo "serve did not answer in 60 s" >&2; exit 1; }
    sleep 0.2
  done
  later=""
  for u in $(seq "$uploads"); do
    t0=$(now)
    reply=$(curl -fsS ${rate[@]+"${rate[@]}"} -H 'Accept: application/json' -F "file=@$file" "http://127.0.0.1:$port/recordings")
    t1=$(now)
    status_url=$(echo "$reply" | json statusUrl)
    deadline=$(( $(date +%s) + 600 ))
    while true; do
      status=$(curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$port$status_url")
      state=$(echo "$status" | json status)
      [ "$state" = "done" ] && break
      [ "$state" = "failed" ] && { echo "analysis failed: $status" >&2; exit 1; }
      [ "$(date +%s)" -lt "$deadline" ] || { echo "no report in 600 s" >&2; exit 1; }
      sleep 0.1
    done
    t2=$(now)
    ms=$(echo "$status" | json elapsedMs)
    if [ "$u" = 1 ]; then
      up0="$t0"; up1="$t1"; up2="$t2"; analysis_ms="$ms"
    else
      later="$later $(awk -v m="$ms" 'BEGIN { printf "%.2f", m / 1000 }')"
    fi
    if [ "$u" -lt "$uploads" ]; then # gone, so the same file is analyzed again rather than answered as a duplicate
      curl -fsS -o /dev/null -X POST "http://127.0.0.1:$port${status_url%/status}/delete"
    fi
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  /usr/bin/time -f "%e" -o "$out/time.txt" env JFRTRIAGE_JAVA_OPTS="-Xmx$heap" "$root/jfrtriage" analyze "$file" \
    --format json >/dev/null 2>&1
  cli=$(cat "$out/time.txt")
  awk -v t0="$up0" -v t1="$up1" -v t2="$up2" -v a="$analysis_ms" -v c="$cli" -v r="$r" -v later="$later" 'BEGIN {
    printf "round %d: upload %.2f s, server analysis %.2f s, upload to report %.2f s; CLI analyze %.2f s; server analysis / CLI %.2fx%s\n",
      r, t1 - t0, a / 1000, t2 - t0, c, (a / 1000) / c, later == "" ? "" : "; next analyses by the same server (s):" later }'
done
