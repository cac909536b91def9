#!/usr/bin/env bash
# Census of a corpus of recordings: per file its format (JFR version in the first chunk header, after gunzip
# for a gzip'd file), the exit code of `analyze` and its verdict line; then the totals the reader issue tracks:
# files read (exit 0), files with a verdict (anything but NO VERDICT), files per format.
# Usage: bench/corpus-census.sh [DIR] [--engine fast|jdk]   (DIR defaults to ../shared/corpus/jmc)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${1:-$root/../shared/corpus/jmc}"
shift || true
jar="$root/cli/target/jfrtriage.jar"
read_ok=0; verdict=0; total=0
declare -A per_format per_format_read
for f in "$dir"/*.jfr; do
  name="$(basename "$f")"
  magic="$(head -c 2 "$f" | od -An -tx1 | tr -d ' ')"
  if [ "$magic" = "1f8b" ]; then
    head8="$(gzip -dc "$f" 2>/dev/null | head -c 8 | od -An -tx1 | tr -d ' ')"; packed="gzip "
  else
    head8="$(head -c 8 "$f" | od -An -tx1 | tr -d ' ')"; packed=""
  fi
  if [ "${head8:0:8}" = "464c5200" ]; then
    format="$((16#${head8:8:4})).$((16#${head8:12:4}))"
  else
    format="unknown"
  fi
  out="$(java -jar "$jar" analyze "$f" "$@" 2>/tmp/census.err.$$)"; rc=$?
  # the verdict is the first line after the header and its warnings
  line="$(printf '%s\n' "$out" | grep -m1 -E '^(OK|NO VERDICT|INFO|WARNING|CRITICAL)')"
  [ $rc -ne 0 ] && line="$(head -1 /tmp/census.err.$$ | sed "s|$dir/||")"
  total=$((total + 1))
  per_format["$packed$format"]=$(( ${per_format["$packed$format"]:-0} + 1 ))
  if [ $rc -eq 0 ]; then
    read_ok=$((read_ok + 1))
    per_format_read["$packed$format"]=$(( ${per_format_read["$packed$format"]:-0} + 1 ))
    case "$line" in NO\ VERDICT*) ;; *) verdict=$((verdict + 1)) ;; esac
  fi
  printf '%s\t%s%s\t%s\t%s\n' "$name" "$packed" "$format" "$rc" "${line:0:110}"
done
rm -f /tmp/census.err.$$
echo "files: $total  read (exit 0): $read_ok  with a verdict: $verdict"
for k in "${!per_format[@]}"; do echo "format $k: ${per_format[$k]} files, ${per_format_read[$k]:-0} read"; done | sort
