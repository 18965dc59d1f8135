//===- Kernels.h - Halide algorithms and schedules (private) ---*- C++ -*-===//
///
/// Private to S2SHalideBackend and its unit tests: the Halide side of the
/// kernel ABI documented in s2s/Backend/Halide/HalideBackend.h. Algorithms
/// (Algorithms/Kernels.cpp) define Funcs over ImageParams; schedules
/// (Schedules/Schedules.cpp) decide loops, vectors and threads per target.
/// Everything here may throw Halide::Error; HalideBackend.cpp is the boundary
/// that turns those into llvm::Error.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_BACKEND_HALIDE_KERNELS_H
#define S2S_LIB_BACKEND_HALIDE_KERNELS_H

#include "s2s/Backend/Halide/HalideBackend.h"

#include "Halide.h"

#include <string>
#include <vector>

namespace s2s {
namespace halide {

/// The Funcs and parameters of one kernel. Inputs are in ABI order; the
/// schedules reach the internal stages through the named fields.
struct KernelFuncs {
  KernelFamily family = KernelFamily::Matmul;
  /// Input buffers in ABI order.
  std::vector<Halide::ImageParam> inputs;
  /// LstmStep's scalar `t` (undefined for other families).
  Halide::Param<int32_t> step{"t"};
  /// All inputs in ABI order, `t` in its place: the AOT argument list.
  std::vector<Halide::Argument> args;
  /// Output Funcs in ABI order. LstmStep has one Tuple Func (hOut, cOut).
  std::vector<Halide::Func> outputs;

  /// The matrix-vector accumulator out(j, n) = init + sum_k wt(j, k) x(k, n)
  /// (Matmul, ProjectArgmax's logits); LstmStep's z(unit, gate, block, n)
  /// over the gate layout; undefined for Gather.
  Halide::Func acc;
  /// The reduction domain of `acc` over k.
  Halide::RDom reduce;
  /// Matmul and ProjectArgmax on native CPUs: the same product as `acc` for
  /// calls with at least kWideColumns batch columns, where its schedule
  /// first copies each strip of the weights contiguous (Schedules.cpp);
  /// the output selects it under `wide`, and the schedule specializes on
  /// `wide` so each call computes only one of the two.
  Halide::Func accWide;
  Halide::RDom reduceWide;
  Halide::Expr wide;
  /// LstmStep: the new cell state c' (before masking), used by both outputs.
  Halide::Func cell;
  /// ProjectArgmax: the (index, value) running maximum per batch row.
  Halide::Func best;
  /// LogSoftmaxTopK: its per-row reductions (max, sum of exponentials, one
  /// (token, logit) pick per candidate), each over the results of its
  /// per-lane partial scan in `laneScans` (pure variable `scanLane`).
  std::vector<Halide::Func> rowScans, laneScans;
  Halide::Var scanLane{"lane"};
  /// The pure variables: j/e/x runs along the contiguous dimension, n/b
  /// along the batch.
  Halide::Var j{"j"}, n{"n"};
  /// LstmStep's z: unit within a block, gate (i, f, g, o), block index.
  Halide::Var unit{"u"}, gate{"g"}, block{"q"};
  /// LstmStep: units per block of the gate layout (GateLayout.h).
  int gateBlock = 1;
  /// Static extent of the contiguous output dimension of `acc` (J, 4H, V) and
  /// of the kernel's first output (E, J, H, V).
  int accExtent = 0;
  int outExtent = 0;
  /// Reduction length of `acc` (K, H).
  int reduceExtent = 0;
};

/// Checks a KernelDesc before any Halide call; the message names the kernel.
llvm::Error validateKernelDesc(const KernelDesc &desc);

/// Batch columns from which Matmul and ProjectArgmax use `accWide`.
constexpr int kWideColumns = 16;

/// Defines the algorithm (no schedule). Assumes validateKernelDesc passed.
/// `wideVariant`: also define KernelFuncs::accWide (native CPU schedules).
KernelFuncs defineKernel(const KernelDesc &desc, bool wideVariant = false);

/// Schedule options: the name picks a variant (see scheduleNames()).
struct ScheduleOptions {
  std::string name = "default";
};

/// Named schedule variants, for validation and `--schedule=` help:
///   default  vectorised, register-tiled, parallel for large batches
///   serial   as default, never parallel (stable single-thread timings)
///   naive    scalar, serial, reductions compute_root (a reference point)
const std::vector<std::string> &scheduleNames();

/// One schedule per kernel family. Each returns a text description of what
/// it chose, for KernelOutputs::schedule and --dump-dir.
std::string scheduleGather(KernelFuncs &k, const Halide::Target &target,
                           const ScheduleOptions &opts);
std::string scheduleMatmul(KernelFuncs &k, const Halide::Target &target,
                           const ScheduleOptions &opts);
std::string scheduleLstmStep(KernelFuncs &k, const Halide::Target &target,
                             const ScheduleOptions &opts);
std::string scheduleProjectArgmax(KernelFuncs &k, const Halide::Target &target,
                                  const ScheduleOptions &opts);
std::string scheduleLogSoftmaxTopK(KernelFuncs &k, const Halide::Target &target,
                                   const ScheduleOptions &opts);

/// The schedule of every family for a GPU target (Schedules/GpuSchedules.cpp):
/// the schedule name is not consulted.
std::string scheduleGpu(KernelFuncs &k, const Halide::Target &target);

/// Rows (batch/N) from which the default schedules go parallel, given the
/// multiply-adds (or copies) one row costs.
int parallelRowThreshold(int64_t workPerRow);

/// Whether one row alone is worth several threads (its tiles along the
/// contiguous dimension then run in parallel).
bool parallelWithinRow(int64_t workPerRow);

/// The Halide target a ResolvedTarget names (Targets.cpp). Throws on a bad
/// string; resolveTarget only produces good ones.
Halide::Target toHalideTarget(const ResolvedTarget &target);

/// A defined and scheduled kernel, ready for compile_to or JIT realize.
struct KernelPipeline {
  KernelFuncs funcs;
  Halide::Pipeline pipeline;
  std::string scheduleText;
};

/// Which code generator the kernel is scheduled for.
enum class Codegen { Native, C };

/// Defines and schedules `desc` for `target`: the named schedules of
/// Schedules.cpp for native code, the C backend's (CSchedules.cpp) for
/// Codegen::C. Throws Halide::Error; assumes validateKernelDesc passed.
KernelPipeline buildKernelPipeline(const KernelDesc &desc,
                                   const Halide::Target &target,
                                   Codegen codegen = Codegen::Native);

/// The schedule of any kernel family for Halide's C++ backend
/// (CSchedules.cpp); returns its text description.
std::string scheduleForC(KernelFuncs &k, const Halide::Target &target);

} // namespace halide
} // namespace s2s

#endif // S2S_LIB_BACKEND_HALIDE_KERNELS_H
