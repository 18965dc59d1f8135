//===- Schedules.cpp - CPU schedules of the kernel families ---*- C++ -*-===//
///
/// One schedule function per kernel family, branched on the target's float
/// vector width and register file. The shared idea: every matrix-vector
/// product is computed in axpy form, out(j, n) += wt(j, k) * x(k, n), with j
/// (the contiguous dimension of wt and out) in vector lanes and k a
/// sequential loop, so each step is one broadcast of x(k, n), contiguous
/// loads of a row of wt and independent FMAs into a tile of accumulators that
/// LLVM keeps in registers (the tile is a Func of constant size, computed per
/// output tile, fully unrolled).
///
/// Tails: the static extents (H = 100, H = 8 under AVX-512's 16 lanes,
/// V = 13) are rarely multiples of the tile. Inputs follow the ABI exactly
/// (no padding), so RoundUp would read past them, and a GuardWithIf on the
/// output does not shrink the region of a producer computed per tile (Halide
/// still computes, and reads, the whole tile). So the output loops use
/// ShiftInwards: the last tile moves back to end at the extent and recomputes
/// a few columns. That needs extent >= tile, which pickTile guarantees by
/// narrowing the vector to the largest power of two that fits (8 lanes for
/// V = 13 or H = 8). Batch extents are dynamic: a batch tile is only used
/// under specialize(N >= tile), for the same reason.
///
/// Timings in the comments: JIT, `host` target (AVX-512, 16 lanes) on the
/// AMD EPYC development machine, median of 20-200 runs, single-threaded in
/// effect (2 cores shared with other builds, so thread scaling is not
/// measured; the thresholds are conservative).
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace Halide;

namespace s2s {
namespace halide {
namespace {

//===----------------------------------------------------------------------===//
// Target heuristics
//===----------------------------------------------------------------------===//

/// Float lanes of one native vector: 4 (SSE, NEON), 8 (AVX2), 16 (AVX-512).
int floatLanes(const Target &target) {
  return target.natural_vector_size<float>();
}

/// Vector registers we let accumulators take: half the register file, the
/// rest holds weight loads and the broadcast operand. AVX-512 and AArch64
/// have 32 vector registers, SSE/AVX2 16.
int accumulatorRegisters(const Target &target) {
  if (target.arch == Target::ARM && target.bits == 64)
    return 16;
  if (target.has_feature(Target::AVX512) ||
      target.has_feature(Target::AVX512_Skylake) ||
      target.has_feature(Target::AVX512_Cannonlake) ||
      target.has_feature(Target::AVX512_SapphireRapids) ||
      target.has_feature(Target::AVX512_KNL))
    return 16;
  return 8;
}

/// Batch columns sharing each weight load in the Matmul/ProjectArgmax tile.
constexpr int kBatchTile = 4;

int pow2Floor(int x) {
  int p = 1;
  while (p * 2 <= x)
    p *= 2;
  return p;
}

/// A tile along the contiguous dimension: `vectors` vectors of `lanes`.
struct VectorTile {
  int lanes = 1;
  int vectors = 1;
  int width() const { return lanes * vectors; }
};

/// Independent FMA chains that hide FMA latency: two FMA ports times four
/// cycles on current x86 and AArch64 cores. Fewer accumulators than this
/// leave the FMA units waiting on the previous k step.
constexpr int kFmaChains = 8;

/// Picks a tile no wider than `extent` (ShiftInwards needs that) with at
/// most `maxVectors` vectors. The cost of a candidate is the vector work of
/// all its tiles, shifted last tile included; an accumulator tile (columns >
/// 0, `columns` batch columns each) costs at least kFmaChains per k step
/// however few vectors it has. Ties go to the wider tile. E.g. 4H = 400 under
/// 16 lanes: 13 vectors (2 tiles, the second shifted by 16 columns); V = 13
/// under 16 lanes: 8 lanes, tiles [0, 8) and [5, 13).
VectorTile pickTile(int extent, int lanes, int maxVectors, int columns = 0) {
  VectorTile tile;
  tile.lanes = std::min(lanes, pow2Floor(extent));
  int fit = std::max(1, std::min(maxVectors, extent / tile.lanes));
  int64_t bestCost = -1;
  for (int v = fit; v >= 1; --v) {
    int width = v * tile.lanes;
    int64_t tiles = (extent + width - 1) / width;
    int64_t perTile = columns > 0 ? std::max(v * columns, kFmaChains) : v;
    int64_t cost = tiles * perTile;
    if (bestCost < 0 || cost < bestCost) {
      bestCost = cost;
      tile.vectors = v;
    }
  }
  return tile;
}

void vectorizeUnrolled(Stage s, const VarOrRVar &v, int lanes) {
  if (lanes > 1)
    s.vectorize(v, lanes);
  s.unroll(v);
}

/// The register-tile accumulator: computed at `at`, k outermost, the batch
/// columns and the vectors along j unrolled so every accumulator is a
/// constant-indexed value LLVM promotes to a register.
void scheduleAccumulatorTile(Func acc, const RDom &r, const Var &j,
                             const Var &n, Func at, const Var &atVar,
                             int lanes) {
  acc.compute_at(at, atVar);
  vectorizeUnrolled(acc, j, lanes);
  acc.unroll(n);
  Stage update = acc.update();
  update.reorder(j, n, r.x);
  vectorizeUnrolled(update, j, lanes);
  update.unroll(n);
}

/// Schedules out(j, n) = acc(j, n) for a matrix-vector family (Matmul,
/// ProjectArgmax's logits) and appends its description.
void scheduleMatvecOutput(KernelFuncs &k, Func out, const Target &target,
                          bool allowParallel, llvm::raw_ostream &os) {
  Var jo("jo"), ji("ji"), no("no"), ni("ni");
  const Var &j = k.j, &n = k.n;
  const int regs = accumulatorRegisters(target);
  // Columns: kBatchTile of them share each load of wt, so the tile is
  // narrower along j. A single column gets the whole register budget.
  VectorTile wide =
      pickTile(k.accExtent, floatLanes(target), regs / kBatchTile, kBatchTile);
  VectorTile narrow = pickTile(k.accExtent, floatLanes(target), regs, 1);
  wide.lanes = narrow.lanes; // equal by construction; the acc schedule is shared
  Expr extentN = out.output_buffer().dim(1).extent();
  const int parRows = std::max(
      kBatchTile, parallelRowThreshold(int64_t(k.accExtent) * k.reduceExtent));

  const bool splitRow =
      allowParallel && parallelWithinRow(int64_t(k.accExtent) * k.reduceExtent);

  // Column tiles innermost: one strip of wt (K x tile width) stays in L1/L2
  // while every column tile streams past it, so wt is read from memory once
  // however large N is (the other order re-reads all of wt per column tile:
  // 3.6x slower at K = 256, J = 1024, N = 512). Threads split the strips.
  auto tiled = [&](Stage s) {
    s.tile(j, n, jo, no, ji, ni, wide.width(), kBatchTile,
           TailStrategy::ShiftInwards)
        .reorder(ji, ni, no, jo);
    vectorizeUnrolled(s, ji, wide.lanes);
    s.unroll(ni);
    return s;
  };
  // From kWideColumns columns on, accWide: each strip of wt (K x tile
  // width, strided by J in the input) is copied into a contiguous buffer
  // that every column tile then streams from L2, not one row of 64 floats
  // per page. W5 (J = 2048 and 8000, K = 512, N = 32, 1 thread): ~0.6 s
  // instead of ~0.95 s. Below, acc reads wt in place: the copy would be one
  // more pass over the weights for little reuse (W4, N = 1: 22% slower).
  if (k.accWide.defined()) {
    Stage s = tiled(out.specialize(k.wide));
    if (allowParallel && (splitRow || parRows <= kWideColumns))
      s.parallel(jo);
    Func strip = k.inputs[1].in(k.accWide);
    strip.compute_at(out, jo);
    vectorizeUnrolled(strip, strip.args()[0], wide.lanes);
    scheduleAccumulatorTile(k.accWide, k.reduceWide, j, n, out, no, wide.lanes);
  }
  // Halide merges specializations with equal conditions: only add the
  // parallel one when it starts above the batch tile. A weight matrix one
  // row is worth splitting for (splitRow) is split at every batch.
  if (allowParallel && !splitRow && parRows > kBatchTile) {
    tiled(out.specialize(extentN >= parRows)).parallel(jo);
    tiled(out.specialize(extentN >= kBatchTile));
  } else {
    Stage s = tiled(out.specialize(extentN >= kBatchTile));
    if (allowParallel)
      s.parallel(jo);
  }
  // Fewer columns than a batch tile: one column at a time; a column alone
  // worth several threads (a large vocabulary) splits its j tiles. Tiles
  // shifted inwards overlap, so two threads may store the same values to
  // the same few floats: harmless.
  out.split(j, jo, ji, narrow.width(), TailStrategy::ShiftInwards)
      .split(n, no, ni, 1)
      .reorder(ji, ni, no, jo);
  vectorizeUnrolled(out, ji, narrow.lanes);
  if (splitRow)
    out.parallel(jo);
  scheduleAccumulatorTile(k.acc, k.reduce, j, n, out, no, narrow.lanes);

  os << "  " << out.name() << "(j, n): N >= " << kBatchTile << ": tiles of "
     << wide.vectors << "x" << wide.lanes << " lanes along j by "
     << kBatchTile << " columns (shift-inwards tails)";
  if (allowParallel)
    os << ", j strips in parallel when N >= " << parRows;
  os << "; N < " << kBatchTile << ": " << narrow.vectors << "x"
     << narrow.lanes << " lanes, one column"
     << (splitRow ? ", j tiles in parallel" : "") << "\n"
     << "  " << k.acc.name() << ": register tile per output tile, k = 0.."
     << k.reduceExtent << " sequential outermost, FMA vectorised over j\n";
}

std::string header(const char *family, const Target &target,
                   const ScheduleOptions &opts) {
  return std::string(family) + " schedule '" + opts.name + "' for " +
         target.to_string() + " (" + std::to_string(floatLanes(target)) +
         " float lanes)\n";
}

bool isNaive(const ScheduleOptions &opts) { return opts.name == "naive"; }

/// The `naive` variant: scalar, serial, each reduction computed once over its
/// whole extent (Halide's default would recompute z per use in LstmStep).
/// A reference for checking that schedules never change results and for
/// timing them: Matmul K=256 J=1024 N=8 8.6 ms vs 32 us default.
std::string scheduleNaive(KernelFuncs &k, std::string text) {
  if (k.acc.defined())
    k.acc.compute_root();
  return text + "  reductions compute_root, scalar, serial\n";
}
bool allowParallel(const ScheduleOptions &opts) {
  return opts.name != "serial";
}

} // namespace

const std::vector<std::string> &scheduleNames() {
  static const std::vector<std::string> names = {"default", "serial", "naive"};
  return names;
}

/// When a call is worth the second core: its time, not its multiply-adds.
/// One row (batch 1) streams its weights once: from 256K multiply-adds
/// (1 MB, 35 us from L3) splitting the row pays; W4 (H = 512, V = 8000)
/// took 77-83 ms on 2 threads against 119-124 ms on 1 with every kernel
/// split. Several rows share each weight load and run at ~100 GFLOP/s, so
/// 256K multiply-adds of them are ~5 us, below a thread wake-up on this VM:
/// W3's sequence-wide input projection (32 rows x 64K) in parallel made W3
/// 7% slower on 2 threads than on 1. Batches go parallel from 4M
/// multiply-adds per call (~40 us).
static constexpr int64_t kParallelRowWork = int64_t(1) << 18;
static constexpr int64_t kParallelBatchWork = int64_t(1) << 22;

int parallelRowThreshold(int64_t workPerRow) {
  workPerRow = std::max<int64_t>(workPerRow, 1);
  int64_t rows = (kParallelBatchWork + workPerRow - 1) / workPerRow;
  return static_cast<int>(std::clamp<int64_t>(rows, 2, 1 << 20));
}

bool parallelWithinRow(int64_t workPerRow) {
  return workPerRow >= kParallelRowWork;
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

/// A row copy per token: vector loads/stores along e; threads only for large
/// batches of rows. Memory bound, so no register tiling. E = 256, N = 64:
/// 0.7 us.
std::string scheduleGather(KernelFuncs &k, const Target &target,
                           const ScheduleOptions &opts) {
  std::string text = header("gather", target, opts);
  if (isNaive(opts))
    return scheduleNaive(k, text);
  llvm::raw_string_ostream os(text);
  Func out = k.outputs[0];
  Var jo("jo"), ji("ji");
  VectorTile tile = pickTile(k.outExtent, floatLanes(target), 4);
  out.split(k.j, jo, ji, tile.width(), TailStrategy::ShiftInwards);
  vectorizeUnrolled(out, ji, tile.lanes);
  // A copy is cheap: count four copied floats as one multiply-add.
  const int parRows = parallelRowThreshold(k.outExtent / 4 + 1);
  if (allowParallel(opts))
    out.specialize(out.output_buffer().dim(1).extent() >= parRows)
        .parallel(k.n);
  os << "  out(e, n): " << tile.vectors << "x" << tile.lanes
     << " lanes along e (shift-inwards tail), one row per token";
  if (allowParallel(opts))
    os << ", parallel over rows when N >= " << parRows;
  os << "\n";
  return os.str();
}

//===----------------------------------------------------------------------===//
// Matmul
//===----------------------------------------------------------------------===//

/// Matmul and MatmulAdd. Used for the input projections of a whole sequence
/// (N = T * B columns), where batching columns pays: each wt load feeds
/// kBatchTile FMAs. A tanh activation runs in the vectorised output stage.
/// K = 256, J = 1024: N = 1 11 us (wt streamed at ~100 GB/s, the bound),
/// N = 8 27 us (77 GFMA/s), N = 512 1.7 ms (79 GFMA/s).
std::string scheduleMatmul(KernelFuncs &k, const Target &target,
                           const ScheduleOptions &opts) {
  std::string text = header(
      k.family == KernelFamily::MatmulAdd ? "matmul_add" : "matmul", target,
      opts);
  if (isNaive(opts))
    return scheduleNaive(k, text);
  llvm::raw_string_ostream os(text);
  scheduleMatvecOutput(k, k.outputs[0], target, allowParallel(opts), os);
  return os.str();
}

//===----------------------------------------------------------------------===//
// LstmStep
//===----------------------------------------------------------------------===//

/// Tiles of whole gate blocks (GateLayout.h) by tiles of batch rows: per
/// tile, z = xg + W_hh h for the tile's units (all four gates) and rows in
/// register accumulators, k = 0..H sequential outermost, every load of W_hh
/// shared by the tile's rows; then the gate and state update of those units
/// and rows while z is in registers. Units split across threads (each thread
/// owns its units' gates, so no thread waits for another's z): with one row,
/// when a row alone is worth threads (H >= 256), otherwise from the batch at
/// which the product is. Rows go innermost, so each thread's strip of W_hh
/// (4 x units x H floats, 128 KB at H = 512) stays in L2 across its rows.
/// W_hh is packed block by block (GateLayout.h recurrentWeightIndex), so a
/// tile streams its strip front to back. Measured end to end (peers W4:
/// H = 512, B = 1; W5: B = 32; AVX-512): with strips of 64 floats every
/// 8 KB (a new page each k) W4 took 119 ms on 1 thread and 77-83 ms on 2,
/// W5 1.1 s and 0.64 s; contiguous strips: 110 and 59 ms, 0.84 and 0.48 s.
/// The earlier one-row-at-a-time schedule read W_hh once per row: W5 2.3 s.
std::string scheduleLstmStep(KernelFuncs &k, const Target &target,
                             const ScheduleOptions &opts) {
  std::string text = header("lstm_step", target, opts);
  if (isNaive(opts))
    return scheduleNaive(k, text);
  llvm::raw_string_ostream os(text);
  Func state = k.outputs[0], z = k.acc;
  const Var &x = k.j, &b = k.n;
  const int lanes = floatLanes(target), regs = accumulatorRegisters(target);
  const int block = k.gateBlock, blocks = k.outExtent / block;
  const int width = std::min(block, lanes);
  // Accumulator vectors of one row per block: four gates.
  const int perBlock = 4 * (block / width);
  // Rows per batch tile: as many as the register budget allows for one
  // block, at most kBatchTile.
  const int rows = std::clamp(regs / perBlock, 1, kBatchTile);
  // Blocks per tile for `columns` rows: the most dividing the block count
  // whose accumulators fit the budget (at least one).
  auto blocksPerTile = [&](int columns) {
    int best = 1;
    for (int m = 1; m <= blocks; ++m)
      if (blocks % m == 0 && m * perBlock * columns <= regs)
        best = m;
    return best;
  };
  const int64_t work = int64_t(k.accExtent) * k.reduceExtent;
  const bool splitRow = allowParallel(opts) && parallelWithinRow(work);
  const int parRows = parallelRowThreshold(work);
  Expr extentB = state.output_buffers()[0].dim(1).extent();

  Var xo("xo"), xi("xi"), bo("bo"), bi("bi");
  auto tiled = [&](Stage s, int units, int columns, bool parallel) {
    s.split(x, xo, xi, units)
        .split(b, bo, bi, columns, TailStrategy::ShiftInwards)
        .reorder(xi, bi, bo, xo);
    vectorizeUnrolled(s, xi, width);
    s.unroll(bi);
    if (parallel)
      s.parallel(xo);
  };
  const int single = blocksPerTile(1) * block, batched = blocksPerTile(rows) * block;
  // Halide merges specializations with equal conditions: each is added only
  // where its condition is new.
  if (rows > 1) {
    if (allowParallel(opts) && !splitRow && parRows > rows)
      tiled(state.specialize(extentB >= parRows), batched, rows, true);
    tiled(state.specialize(extentB >= rows), batched, rows,
          allowParallel(opts) && (splitRow || parRows <= rows));
  }
  if (allowParallel(opts) && !splitRow && parRows < rows)
    tiled(state.specialize(extentB >= parRows), single, 1, true);
  tiled(state, single, 1, splitRow);

  // z and c' per tile, everything unrolled: constant-indexed values LLVM
  // keeps in registers. c' feeds both outputs, so it is computed once.
  z.compute_at(state, bo);
  vectorizeUnrolled(z, k.unit, width);
  z.unroll(k.gate).unroll(k.block).unroll(b);
  Stage update = z.update();
  update.reorder(k.unit, k.gate, k.block, b, k.reduce.x, k.reduce.y);
  vectorizeUnrolled(update, k.unit, width);
  update.unroll(k.gate).unroll(k.block).unroll(b);
  k.cell.compute_at(state, bo);
  vectorizeUnrolled(k.cell, x, width);
  k.cell.unroll(b);

  os << "  state(x, b) = (hOut, cOut): tiles of " << single / block << " block(s) of "
     << block << " units for one row";
  if (rows > 1)
    os << ", " << batched / block << " block(s) by " << rows << " rows when B >= " << rows
       << " (shift-inwards batch tail)";
  if (splitRow)
    os << "; unit tiles in parallel";
  else if (allowParallel(opts))
    os << "; unit tiles in parallel when B >= " << parRows;
  os << "\n  z(u, g, q, b) per tile: four gates x " << width
     << " lanes, register accumulators, k = 0.." << k.reduceExtent
     << " sequential outermost, each W_hh load shared by the tile's rows\n"
     << "  cell c' per tile (shared by hOut and cOut)\n";
  return os.str();
}

//===----------------------------------------------------------------------===//
// ProjectArgmax
//===----------------------------------------------------------------------===//

/// logits as Matmul (V along lanes, batch columns tiled when B >= 4); then a
/// sequential argmax per row: V compares against V*H multiply-adds, not worth
/// a vector reduction. H = 256, V = 10000: B = 1 110 us (the 10 MB of wt at
/// memory bandwidth), B = 8 360 us.
std::string scheduleProjectArgmax(KernelFuncs &k, const Target &target,
                                  const ScheduleOptions &opts) {
  std::string text = header("project_argmax", target, opts);
  if (isNaive(opts))
    return scheduleNaive(k, text);
  llvm::raw_string_ostream os(text);
  scheduleMatvecOutput(k, k.outputs[0], target, allowParallel(opts), os);
  k.best.compute_at(k.outputs[1], k.n);
  // The scans split across threads from 32K compares per call: each is a
  // dependent compare and select (~1 ns), so 40 us, well above a thread
  // wake-up (W5: 32 rows of V = 8000 took 3% of a 1-thread run).
  const int scanRows = std::max<int>(2, (32768 + k.accExtent - 1) / k.accExtent);
  Func tokens = k.outputs[1];
  if (allowParallel(opts))
    tokens.specialize(tokens.output_buffer().dim(0).extent() >= scanRows).parallel(k.n);
  os << "  tokens(b): sequential scan over v per row after logits";
  if (allowParallel(opts))
    os << ", rows in parallel when B >= " << scanRows;
  os << "\n";
  return os.str();
}

//===----------------------------------------------------------------------===//
// LogSoftmaxTopK
//===----------------------------------------------------------------------===//

/// Per row, M + 2 reductions over V, each a vector of interleaved partial
/// scans (one lane per token residue, dependent compare-and-selects of
/// V / lanes steps) and a scan over the lanes; rows in parallel from 32K
/// compares per call, as ProjectArgmax's scans. The projection before it (a
/// Matmul of V x H per row) costs more still. W4 at K = 4 (V = 8000, M =
/// 5): the scalar scans took 31% of a beam call, 0.6 ms per step.
std::string scheduleLogSoftmaxTopK(KernelFuncs &k, const Target &target,
                                   const ScheduleOptions &opts) {
  std::string text = header("log_softmax_top_k", target, opts);
  Func top = k.outputs[0];
  for (Func &scan : k.rowScans)
    scan.compute_at(top, k.n);
  for (Func &scan : k.laneScans)
    scan.compute_at(top, k.n);
  if (isNaive(opts))
    return text + "  per row: M + 2 reductions over V, scalar, serial\n";
  const int lanes = 16; // kScanLanes of the algorithm
  const int width = std::min(lanes, floatLanes(target));
  for (Func &scan : k.laneScans) {
    scan.vectorize(k.scanLane, width);
    scan.update().vectorize(k.scanLane, width);
  }
  const int scanRows =
      std::max<int>(2, (32768 + k.accExtent * (k.outExtent + 2) - 1) /
                           (k.accExtent * (k.outExtent + 2)));
  if (allowParallel(opts))
    top.specialize(top.output_buffers()[0].dim(1).extent() >= scanRows).parallel(k.n);
  text += "  per row: max, sum of exp and " + std::to_string(k.outExtent) + " picks, each " +
          std::to_string(lanes) + " interleaved partial scans over v (vectors of " +
          std::to_string(width) + ") then one over them";
  if (allowParallel(opts))
    text += ", rows in parallel when N >= " + std::to_string(scanRows);
  return text + "\n";
}

} // namespace halide
} // namespace s2s
