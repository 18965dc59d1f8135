//===- GpuSchedules.cpp - CUDA schedules of the kernel families -*- C++ -*-===//
///
/// One GPU thread per output element, blocks of 64 threads along the
/// contiguous dimension (j, the hidden/vocabulary axis: neighbouring threads
/// read neighbouring weights, so every load of a weight row is coalesced)
/// and one batch row per block row. A thread runs its own reduction over k
/// in registers (the accumulator is computed at the thread's loop level).
///
/// Every gpu_tile guards its tail with an if (GuardWithIf): the static
/// extents (H = 100, V = 13) are rarely multiples of 64, the batch extent is
/// dynamic, and the default ShiftInwards would move the last tile below 0
/// when an extent is smaller than the tile (TOOLCHAIN.md).
///
/// Launch count, not arithmetic, dominates at these sizes (TOOLCHAIN.md: one
/// LSTM step with 6 launches took 27 us at H = 32), so each family is one
/// or two launches: the LSTM step computes z in one and the gates and
/// both states in the next; ProjectArgmax computes the logits in one and
/// the argmax over the vocabulary (one thread per batch row) in the next.
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

using namespace Halide;

namespace s2s {
namespace halide {
namespace {

constexpr int kThreads = 64;
constexpr TailStrategy kGuard = TailStrategy::GuardWithIf;

/// f(j, n) on a grid of (ceil(J / 64), N) blocks of 64 x 1 threads.
void tileOnGpu(Func f, const KernelFuncs &k, VarOrRVar ji, VarOrRVar ni) {
  Var jo("jo"), no("no");
  f.gpu_tile(k.j, k.n, jo, no, ji, ni, kThreads, 1, kGuard);
}

} // namespace

std::string scheduleGpu(KernelFuncs &k, const Target &target) {
  Var ji("ji"), ni("ni");
  switch (k.family) {
  case KernelFamily::Gather:
    tileOnGpu(k.outputs[0], k, ji, ni);
    return "gpu: out(e, n) one thread per element, 64 x 1 blocks, GuardWithIf\n";
  case KernelFamily::Matmul:
  case KernelFamily::MatmulAdd:
    tileOnGpu(k.outputs[0], k, ji, ni);
    k.acc.compute_at(k.outputs[0], ji);
    return "gpu: out(j, n) one thread per element, 64 x 1 blocks, GuardWithIf; acc in "
           "registers per thread\n";
  case KernelFamily::LstmStep: {
    // z = xg + W_hh h as its own launch: a thread of the state needs four
    // gates, so computing z per thread of the state would quadruple the
    // work. One thread per (unit, gate, row): units and blocks fused into
    // the unit index, gates and rows into the block index.
    Func z = k.acc.in();
    Var unitIndex("ux"), rowGate("gb"), ui("ui"), uo("uo"), gi("gi"), go("go");
    z.compute_root()
        .reorder(k.unit, k.block, k.gate, k.n)
        .fuse(k.unit, k.block, unitIndex)
        .fuse(k.gate, k.n, rowGate)
        .gpu_tile(unitIndex, rowGate, uo, go, ui, gi, kThreads, 1, kGuard);
    k.acc.compute_at(z, ui);
    tileOnGpu(k.outputs[0], k, ji, ni);
    return "gpu: launch 1 z(unit, gate, row) one thread per element, 64 x 1 blocks, "
           "reduction in registers; launch 2 state(H, B) gates and both states per "
           "thread; GuardWithIf\n";
  }
  case KernelFamily::ProjectArgmax: {
    Func logits = k.outputs[0], tokens = k.outputs[1];
    tileOnGpu(logits, k, ji, ni);
    k.acc.compute_at(logits, ji);
    // One thread per batch row scans the V logits (a strict '>' in order
    // keeps the lowest index among equal maxima, SEMANTICS.md 3).
    Var no("no");
    tokens.gpu_tile(k.n, no, ni, kThreads, kGuard);
    k.best.compute_at(tokens, ni);
    return "gpu: launch 1 logits(V, B) one thread per element, 64 x 1 blocks; launch 2 "
           "tokens(B) one thread per row scanning V; GuardWithIf\n";
  }
  case KernelFamily::LogSoftmaxTopK: {
    // One thread per row runs the row's M + 2 scans over V in order.
    Func top = k.outputs[0];
    Var no("no");
    top.gpu_tile(k.n, no, ni, kThreads, kGuard);
    for (Func &scan : k.rowScans)
      scan.compute_at(top, ni);
    for (Func &scan : k.laneScans)
      scan.compute_at(top, ni);
    return "gpu: top(M, N) one thread per row, its M + 2 reductions over V sequential; "
           "GuardWithIf\n";
  }
  }
  (void)target;
  return "";
}

} // namespace halide
} // namespace s2s
