#!/usr/bin/env bash
# Benchmark (not a test): s2sc-compiled models beside oneDNN and PyTorch running
# the same weights, in one run on one machine (see bench/README.md).
#
#   bench/peers.sh [--only REGEX] [--threads "1 2"] [--runs N] [--warmup N]
#                  [--peers "s2sc onednn torch"] [--target T]
#   bench/peers.sh --build-only      (CI: tiny workload, build everything, time nothing)
#
# For every workload of bench/workloads.py (default: all but `tiny`; --only
# REGEX, an extended regex, selects among all of them) it writes the weights
# and spec, compiles the model with s2sc (skipped when the library is newer
# than the spec, the weights and the s2sc binary), builds s2sc_bench and
# onednn_bench (g++ -O3 -march=native), runs each implementation at each thread
# count, checks that all of them decode the same tokens (a MISMATCH line and
# exit status 1 otherwise) and prints median milliseconds per call and
# s2sc / the fastest peer (< 1: s2sc is faster).
#
# Env: S2S_BUILD_DIR (default build/; s2sc is $S2S_BUILD_DIR/bin/s2sc, the work
# directory $S2S_BUILD_DIR/bench-peers), PYTHON (default /usr/bin/python3, with numpy
# and torch), CXX (default g++).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${S2S_BUILD_DIR:-$root/build}"
work="$build/bench-peers"
py="${PYTHON:-/usr/bin/python3}"
cxx="${CXX:-g++}"
s2sc="$build/bin/s2sc"

only="" threads="1 2" runs=10 warmup=2 peers="s2sc onednn torch" target=host build_only=0
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
need_arg() { [ $# -ge 2 ] || { echo "peers.sh: $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --only) need_arg "$@"; only=$2; shift 2 ;;
    --threads) need_arg "$@"; threads=$2; shift 2 ;;
    --runs) need_arg "$@"; runs=$2; shift 2 ;;
    --warmup) need_arg "$@"; warmup=$2; shift 2 ;;
    --peers) need_arg "$@"; peers=$2; shift 2 ;;
    --target) need_arg "$@"; target=$2; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "peers.sh: unknown argument '$1'" >&2; usage 2 >&2 ;;
  esac
done
for t in $threads; do
  [[ $t =~ ^[1-9][0-9]*$ ]] || { echo "peers.sh: --threads takes positive integers, got '$t'" >&2; exit 2; }
done
for p in $peers; do
  case "$p" in s2sc|onednn|torch) ;; *) echo "peers.sh: unknown peer '$p' (s2sc, onednn, torch)" >&2; exit 2 ;; esac
done
has() { [[ " $peers " == *" $1 "* ]]; }
[ "$build_only" = 1 ] && peers="s2sc onednn"

# --- prerequisites -------------------------------------------------------------
# oneDNN and PyTorch come from Debian (libdnnl-dev, python3-torch), installed by
# scripts/install-deps.sh --tests.
if has onednn && ! dpkg-query -W -f='${Status}' libdnnl-dev 2>/dev/null | grep -q "install ok installed"; then
  echo "peers.sh: libdnnl-dev is missing: run scripts/install-deps.sh --tests" >&2
  exit 1
fi
"$py" -c 'import numpy, torch' || { echo "peers.sh: $py cannot import numpy and torch (scripts/install-deps.sh --tests)" >&2; exit 1; }
if has s2sc && [ ! -x "$s2sc" ]; then
  echo "peers.sh: no s2sc at $s2sc: build it first (scripts/build.sh) or set S2S_BUILD_DIR" >&2
  exit 1
fi

# --- workloads -------------------------------------------------------------------
all=$("$py" "$root/bench/workloads.py" --list | awk '{print $1}')
names=()
if [ "$build_only" = 1 ]; then
  names=(tiny)
else
  for n in $all; do
    if [ -n "$only" ]; then [[ $n =~ $only ]] && names+=("$n")
    else [ "$n" != tiny ] && names+=("$n"); fi
  done
fi
[ ${#names[@]} -gt 0 ] || { echo "peers.sh: no workload matches '$only' (have: $(echo $all))" >&2; exit 2; }
mkdir -p "$work"
"$py" "$root/bench/workloads.py" "$work" "${names[@]}"

# --- builds ------------------------------------------------------------------------
# stale TARGET DEP...: TARGET is missing or older than a DEP.
stale() {
  local t=$1 d; shift
  [ -e "$t" ] || return 0
  for d in "$@"; do [ "$d" -nt "$t" ] && return 0; done
  return 1
}
cxxflags=(-O3 -march=native -std=c++17 -I "$root/bench")
if has onednn && stale "$work/onednn_bench" "$root/bench/onednn_bench.cpp" "$root/bench/bench_common.h" \
    "$build/lib/libS2SSupport.a"; then
  echo "building onednn_bench"
  # The weights are read with the project's safetensors reader (S2SSupport, on LLVM).
  "$cxx" "${cxxflags[@]}" -I "$root/include" -I "$(llvm-config-14 --includedir)" \
    "$root/bench/onednn_bench.cpp" "$build/lib/libS2SSupport.a" \
    -L "$(llvm-config-14 --libdir)" -lLLVM-14 -ldnnl -o "$work/onednn_bench" ||
    { echo "peers.sh: building onednn_bench failed (is libdnnl-dev installed?)" >&2; exit 1; }
fi
for n in "${names[@]}"; do
  has s2sc || break
  d="$work/$n" model=$(awk '$1 == "model" {print $2}' "$work/$n/workload.txt")
  if stale "$d/s2sc/lib$model.a" "$d/model.yaml" "$d/weights.safetensors" "$s2sc" ||
     stale "$d/s2sc/$model.h" "$d/model.yaml"; then
    echo "compiling $n with s2sc (--target=$target)"
    rm -rf "$d/s2sc"
    if ! "$s2sc" "$d/model.yaml" -o "$d/s2sc" --target="$target" >"$d/s2sc.log" 2>&1; then
      echo "peers.sh: s2sc failed on $n (log: $d/s2sc.log):" >&2; tail -n 5 "$d/s2sc.log" >&2; exit 1
    fi
  fi
  if stale "$d/s2sc_bench" "$d/s2sc/lib$model.a" "$root/bench/s2sc_bench.cpp" "$root/bench/bench_common.h"; then
    echo "building s2sc_bench for $n"
    "$cxx" "${cxxflags[@]}" -DMODEL="$model" -include "$d/s2sc/$model.h" "$root/bench/s2sc_bench.cpp" \
      "$d/s2sc/lib$model.a" -lpthread -ldl -lm -o "$d/s2sc_bench" ||
      { echo "peers.sh: building s2sc_bench for $n failed" >&2; exit 1; }
  fi
done
if [ "$build_only" = 1 ]; then
  echo "peers.sh --build-only: built $work/onednn_bench and $work/tiny/s2sc_bench (nothing timed)"
  exit 0
fi

# --- runs ------------------------------------------------------------------------------
torch_env=()
[ -d /usr/lib/x86_64-linux-gnu/openblas-openmp ] &&
  torch_env=(LD_LIBRARY_PATH="/usr/lib/x86_64-linux-gnu/openblas-openmp${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}")
results="$work/results.txt"
: >"$results"
status=0
declare -A ms ck
for n in "${names[@]}"; do
  d="$work/$n"
  for t in $threads; do
    for p in $peers; do
      opts=("$d" --runs "$runs" --warmup "$warmup" --threads "$t")
      case "$p" in
        s2sc) cmd=(env HL_NUM_THREADS="$t" "$d/s2sc_bench" "${opts[@]}") ;;
        onednn) cmd=(env OMP_NUM_THREADS="$t" "$work/onednn_bench" "${opts[@]}") ;;
        torch) cmd=(env "${torch_env[@]}" OMP_NUM_THREADS="$t" "$py" "$root/bench/torch_bench.py" "${opts[@]}") ;;
      esac
      if line=$("${cmd[@]}" 2>"$d/$p.$t.err" | grep '^RESULT ') && [ -n "$line" ]; then
        echo "$line" | tee -a "$results"
        ms[$n,$t,$p]=$(sed -n 's/.* median_ms=\([^ ]*\).*/\1/p' <<<"$line")
        ck[$n,$t,$p]=$(sed -n 's/.* checksum=\([^ ]*\).*/\1/p' <<<"$line")
      else
        echo "FAILED $p on $n at $t thread(s):" >&2; tail -n 5 "$d/$p.$t.err" >&2
        status=1
      fi
    done
    # Every implementation must have decoded the same tokens.
    ref="" line=""
    for p in $peers; do
      c=${ck[$n,$t,$p]:-}
      [ -n "$c" ] || continue
      line+=" $p=$c"
      [ -z "$ref" ] && ref=$c
      [ "$c" = "$ref" ] || ck[$n,$t,mismatch]=1
    done
    if [ -n "${ck[$n,$t,mismatch]:-}" ]; then
      echo "MISMATCH workload=$n threads=$t: token checksums differ:$line" | tee -a "$results"
      status=1
    fi
  done
done

echo
echo "peers: median ms per call (greedy, every row decodes all steps), s2sc --target=$target;"
echo "ratio = s2sc / fastest peer (< 1: s2sc faster). Results: $results"
printf '%-8s %7s %10s %10s %10s %7s %-7s %s\n' workload threads s2sc onednn torch ratio best tokens
for n in "${names[@]}"; do
  for t in $threads; do
    cells=() best="" bestp=""
    for p in s2sc onednn torch; do
      v=${ms[$n,$t,$p]:-}
      cells+=("${v:--}")
      if [ -n "$v" ] && [ "$p" != s2sc ] && { [ -z "$best" ] || awk "BEGIN{exit !($v < $best)}"; }; then
        best=$v bestp=$p
      fi
    done
    ratio=-
    [ -n "${ms[$n,$t,s2sc]:-}" ] && [ -n "$best" ] &&
      ratio=$(awk "BEGIN{printf \"%.2f\", ${ms[$n,$t,s2sc]} / $best}")
    agree=same; [ -n "${ck[$n,$t,mismatch]:-}" ] && agree=MISMATCH
    printf '%-8s %7s %10s %10s %10s %7s %-7s %s\n' "$n" "$t" "${cells[@]}" "$ratio" "${bestp:--}" "$agree"
  done
done
exit $status
