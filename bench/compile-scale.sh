#!/usr/bin/env bash
# Benchmark (not a test): compile time and peak resident memory of s2sc against
# the weight bytes, for models from 2.6 MB to 460 MB (bench/workloads.py).
#
#   bench/compile-scale.sh [--only REGEX]
#
# Prints, per workload, the weight bytes, the wall time of `s2sc model.yaml -o
# DIR` and its peak RSS (GNU time), and the budget 3 x weights + 1 GiB; exits 1
# when a compile takes over 3 minutes or goes over its budget. Work directory
# $S2S_BUILD_DIR/bench-scale (default build/); PYTHON as for peers.sh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
work="$build/bench-scale"
py="${PYTHON:-/usr/bin/python3}"
only="."
case "${1:-}" in
  --only) [ $# -ge 2 ] || { echo "compile-scale.sh: --only needs a value" >&2; exit 2; }; only=$2 ;;
  "") ;;
  -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
  *) echo "compile-scale.sh: unknown argument '$1'" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || { echo "compile-scale.sh: needs GNU time (Debian package time)" >&2; exit 1; }

workloads=$(printf '%s\n' small h256_peek_b8 w4 h768_b16 h1024_v32k | grep -E -- "$only" || true)
[ -n "$workloads" ] || { echo "compile-scale.sh: no workload matches '$only'" >&2; exit 2; }
mkdir -p "$work"
# shellcheck disable=SC2086
"$py" "$root/bench/workloads.py" "$work" $workloads > /dev/null

status=0
printf '%-14s %12s %9s %12s %12s %6s\n' workload weights_MB time_s peak_MB budget_MB ok
for w in $workloads; do
  dir="$work/$w"
  rm -rf "$dir/lib"
  bytes=$(stat -c %s "$dir/weights.safetensors")
  /usr/bin/time -f '%e %M' -o "$dir/time.txt" "$build/bin/s2sc" "$dir/model.yaml" -o "$dir/lib"
  read -r seconds peak_kb < "$dir/time.txt"
  budget_kb=$(( 3 * bytes / 1024 + 1024 * 1024 ))
  ok=yes
  if [ "$peak_kb" -gt "$budget_kb" ] || awk "BEGIN { exit !($seconds > 180) }"; then
    ok=NO status=1
  fi
  awk -v w="$w" -v b="$bytes" -v s="$seconds" -v p="$peak_kb" -v g="$budget_kb" -v ok="$ok" \
    'BEGIN { printf "%-14s %12.1f %9.2f %12.1f %12.1f %6s\n", w, b / 1048576, s, p / 1024, g / 1024, ok }'
  rm -rf "$dir/lib"
done
exit $status
