#!/usr/bin/env bash
# Benchmark (not a test): the compiled reversal models of examples/reverse
# against PyTorch running the same weights, in one run on one machine.
# Prints microseconds per sequence and the speed-up of s2sc over PyTorch.
# Needs a build (scripts/build.sh) and python3-torch (install-deps.sh --tests).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
target="${S2S_BENCH_TARGET:-host}"
work="$build/bench" && rm -rf "$work" && mkdir -p "$work"
for m in basic peek; do
  "$build/bin/s2sc" "$root/examples/reverse/$m.yaml" -o "$work" --target="$target"
done
c++ -O2 -std=c++17 -I "$work" "$root/bench/reverse_bench.cpp" "$work/libreverse_basic.a" \
  "$work/libreverse_peek.a" -lpthread -ldl -lm -o "$work/reverse_bench"
"$work/reverse_bench" > "$work/s2sc.txt"
/usr/bin/python3 "$root/bench/torch_reverse.py" > "$work/torch.txt"
echo "reverse (H=96, 1000 held-out sequences, us/sequence; s2sc target $target, torch 1 thread)"
printf '%-6s %-10s %10s %10s %8s\n' model batch s2sc torch speedup
join <(awk '{print $2"_"$3, $4}' "$work/s2sc.txt" | sort) \
     <(awk '{print $2"_"$3, $4}' "$work/torch.txt" | sort) |
  awk '{split($1, k, "_"); printf "%-6s %-10s %10.2f %10.2f %7.1fx\n", k[1], k[2], $2, $3, $3 / $2}'
