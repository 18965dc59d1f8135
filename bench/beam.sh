#!/usr/bin/env bash
# Benchmark (not a test): beam search of width K against greedy search on the
# peers' workloads, in s2sc and in PyTorch over the same weights, in one run
# (see bench/README.md).
#
#   bench/beam.sh [--only REGEX] [--width K] [--threads "1"] [--runs N] [--warmup N]
#
# For every workload (default: w4) it writes the weights and the greedy spec
# (bench/workloads.py), a beam spec beside it (strategy beam, beam_width K,
# length_penalty none), compiles both with s2sc and times NAME_translate of
# each (s2sc_bench.cpp; the beam library's gives the best hypothesis), then
# PyTorch's greedy loop and its beam search with the K hypotheses of all rows
# batched (torch_bench.py --beam K), and the greedy library driven step by
# step through the step-wise API (s2sc_bench.cpp -DS2S_STEPWISE: a caller's
# own greedy loop). Prints median milliseconds per call, the cost of beam
# over greedy in each and of the step-wise loop over NAME_translate, and
# checks that s2sc's and PyTorch's
# results agree: the same tokens, or for beam search best hypotheses whose
# scores agree within 1e-4 (a near-tie between f32 and f64 sums, reported as
# such), and the step-wise loop's tokens NAME_translate's; a MISMATCH line
# and exit status 1 otherwise.
#
# Env: S2S_BUILD_DIR (default build/), PYTHON (default /usr/bin/python3, with
# numpy and torch), CXX (default g++).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
work="$build/bench-beam"
py="${PYTHON:-/usr/bin/python3}"
cxx="${CXX:-g++}"
s2sc="$build/bin/s2sc"

only='^w4$' width=4 threads=1 runs=10 warmup=2
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
need_arg() { [ $# -ge 2 ] || { echo "beam.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --only) need_arg "$@"; only=$2; shift 2 ;;
    --width) need_arg "$@"; width=$2; shift 2 ;;
    --threads) need_arg "$@"; threads=$2; shift 2 ;;
    --runs) need_arg "$@"; runs=$2; shift 2 ;;
    --warmup) need_arg "$@"; warmup=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "beam.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
[[ $width =~ ^[1-9][0-9]*$ ]] || { echo "beam.sh: --width takes a positive integer, got '$width'" >&2; exit 2; }
[ -x "$s2sc" ] || { echo "beam.sh: no s2sc at $s2sc: build it first (scripts/build.sh)" >&2; exit 1; }
"$py" -c 'import numpy, torch' || { echo "beam.sh: $py cannot import numpy and torch (scripts/install-deps.sh --tests)" >&2; exit 1; }

names=()
for n in $("$py" "$root/bench/workloads.py" --list | awk '{print $1}'); do
  [[ $n =~ $only ]] && names+=("$n")
done
[ ${#names[@]} -gt 0 ] || { echo "beam.sh: no workload matches '$only'" >&2; exit 2; }
mkdir -p "$work"
"$py" "$root/bench/workloads.py" "$work" "${names[@]}"

cxxflags=(-O3 -march=native -std=c++17 -I "$root/bench")
for n in "${names[@]}"; do
  d="$work/$n" model=$(awk '$1 == "model" {print $2}' "$d/workload.txt")
  sed "s/^  strategy: greedy/  strategy: beam\n  beam_width: $width\n  length_penalty: none/" \
    "$d/model.yaml" > "$d/beam.yaml"
  for kind in greedy beam; do
    spec="$d/model.yaml" flags=()
    [ $kind = beam ] && spec="$d/beam.yaml" flags=(-DS2S_BEAM)
    echo "compiling $n ($kind) with s2sc"
    rm -rf "$d/$kind"
    "$s2sc" "$spec" -o "$d/$kind" >"$d/$kind.log" 2>&1 ||
      { echo "beam.sh: s2sc failed on $n ($kind), log $d/$kind.log" >&2; exit 1; }
    "$cxx" "${cxxflags[@]}" "${flags[@]}" -DMODEL="$model" -include "$d/$kind/$model.h" \
      "$root/bench/s2sc_bench.cpp" "$d/$kind/lib$model.a" -lpthread -ldl -lm -o "$d/$kind/bench" ||
      { echo "beam.sh: building the $kind bench for $n failed" >&2; exit 1; }
  done
  "$cxx" "${cxxflags[@]}" -DS2S_STEPWISE -DMODEL="$model" -include "$d/greedy/$model.h" \
    "$root/bench/s2sc_bench.cpp" "$d/greedy/lib$model.a" -lpthread -ldl -lm -o "$d/greedy/step" ||
    { echo "beam.sh: building the step-wise bench for $n failed" >&2; exit 1; }
done

torch_env=()
[ -d /usr/lib/x86_64-linux-gnu/openblas-openmp ] &&
  torch_env=(LD_LIBRARY_PATH="/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
results="$work/results.txt"
: >"$results"
status=0
declare -A ms ck sc agree
for n in "${names[@]}"; do
  d="$work/$n"
  for t in $threads; do
    opts=("$d" --runs "$runs" --warmup "$warmup" --threads "$t")
    for p in greedy beam step torch torch_beam; do
      case "$p" in
        greedy|beam) cmd=(env HL_NUM_THREADS="$t" "$d/$p/bench" "${opts[@]}") ;;
        step) cmd=(env HL_NUM_THREADS="$t" "$d/greedy/step" "${opts[@]}") ;;
        torch) cmd=(env "${torch_env[@]}" OMP_NUM_THREADS="$t" "$py" "$root/bench/torch_bench.py" "${opts[@]}") ;;
        torch_beam) cmd=(env "${torch_env[@]}" OMP_NUM_THREADS="$t" "$py" "$root/bench/torch_bench.py" "${opts[@]}" --beam "$width") ;;
      esac
      if line=$("${cmd[@]}" 2>"$d/$p.$t.err" | grep '^RESULT ') && [ -n "$line" ]; then
        echo "$line" | tee -a "$results"
        ms[$n,$t,$p]=$(sed -n 's/.* median_ms=\([^ ]*\).*/\1/p' <<<"$line")
        ck[$n,$t,$p]=$(sed -n 's/.* checksum=\([^ ]*\).*/\1/p' <<<"$line")
        sc[$n,$t,$p]=$(sed -n 's/.* scores=\([^ ]*\).*/\1/p' <<<"$line")
      else
        echo "FAILED $p on $n at $t thread(s):" >&2; tail -n 5 "$d/$p.$t.err" >&2
        status=1
      fi
    done
    agree[$n,$t]=same
    for pair in "greedy torch" "step greedy" "beam torch_beam"; do
      set -- $pair
      [ -n "${ck[$n,$t,$1]:-}" ] && [ "${ck[$n,$t,$1]}" = "${ck[$n,$t,$2]:-}" ] && continue
      # Best hypotheses of different tokens but scores within 1e-4 (f32
      # sums over the steps against PyTorch's f64): a near-tie, reported.
      if [ $1 = beam ] && [ -n "${sc[$n,$t,beam]:-}" ] && [ -n "${sc[$n,$t,torch_beam]:-}" ] &&
         paste -d' ' <(tr , '\n' <<<"${sc[$n,$t,beam]}") <(tr , '\n' <<<"${sc[$n,$t,torch_beam]}") |
           awk '{d = $1 - $2; if (d < 0) d = -d; m = $2 < 0 ? -$2 : $2; if (d > 1e-4 * (m > 1 ? m : 1)) bad = 1}
                END {exit bad}'; then
        agree[$n,$t]=near-tie
        echo "NEAR-TIE workload=$n threads=$t: best hypotheses differ, scores within 1e-4: s2sc ${sc[$n,$t,beam]} torch ${sc[$n,$t,torch_beam]}" | tee -a "$results"
        continue
      fi
      echo "MISMATCH workload=$n threads=$t: $1 ${ck[$n,$t,$1]:-none} vs $2 ${ck[$n,$t,$2]:-none}" | tee -a "$results"
      agree[$n,$t]=MISMATCH
      status=1
    done
  done
done

echo
echo "beam K=$width against greedy: median ms per call (every row decodes up to all steps)."
echo "beam/greedy: the cost of the beam in each; s2sc/torch: beam against beam; step/gr: the"
echo "step-wise greedy loop against NAME_translate. Results: $results"
printf '%-12s %7s %11s %10s %8s %10s %10s %8s %10s %8s %s\n' workload threads s2sc_greedy s2sc_beam beam/gr torch_gr torch_beam beam/gr s2sc/torch step/gr tokens
for n in "${names[@]}"; do
  for t in $threads; do
    v() { echo "${ms[$n,$t,$1]:--}"; }
    r() { [ -n "${ms[$n,$t,$1]:-}" ] && [ -n "${ms[$n,$t,$2]:-}" ] &&
            awk "BEGIN{printf \"%.2f\", ${ms[$n,$t,$1]} / ${ms[$n,$t,$2]}}" || echo -; }
    printf '%-12s %7s %11s %10s %8s %10s %10s %8s %10s %8s %s\n' "$n" "$t" "$(v greedy)" "$(v beam)" \
      "$(r beam greedy)" "$(v torch)" "$(v torch_beam)" "$(r torch_beam torch)" "$(r beam torch_beam)" \
      "$(r step greedy)" "${agree[$n,$t]:-}"
  done
done
exit $status
