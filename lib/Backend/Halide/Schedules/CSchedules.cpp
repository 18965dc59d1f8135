//===- CSchedules.cpp - Schedules for Halide's C++ backend -----*- C++ -*-===//
///
/// `s2sc --emit=cpp` writes kernels through Halide's C++ backend, which
/// refuses what the native schedules (Schedules.cpp) rely on: a vectorised
/// loop whose tail Halide guards with predicated loads ("Predicated scalar
/// load is not supported by C backend"; the accumulator updates over an RDom
/// cannot use ShiftInwards, so they get such tails). These schedules are
/// therefore scalar, and they only decide *where* each stage is computed:
///
///  - Scalar: the emitted source must build for any CPU of the platform with
///    any C++ compiler, and no vector width is safe for every extent (H = 2
///    is smaller than any vector). The inner j loops walk contiguous rows of
///    the weights, which the C++ compiler may vectorise itself.
///  - Serial: no `halide_do_par_for` is called, so the runtime emitted beside
///    the kernels needs no threads and the library no -lpthread.
///  - Accumulators per output column (`compute_at(out, n)`): each column of
///    the matrix-vector product is computed once into a J-float scratch and
///    read by every use (Halide's default would inline the reduction into
///    each use, and compute_root would allocate J x N floats per call).
///
//===----------------------------------------------------------------------===//

#include "Kernels.h"

using namespace Halide;

namespace s2s {
namespace halide {

std::string scheduleForC(KernelFuncs &k, const Target &target) {
  std::string text = std::string(familyName(k.family)) + " schedule 'c' for " +
                     target.to_string() + " (C++ backend: scalar, serial)\n";
  switch (k.family) {
  case KernelFamily::Gather:
    // A row copy per token: nothing to place, the output loops are enough.
    return text + "  out(e, n): one row per token, scalar\n";
  case KernelFamily::Matmul:
  case KernelFamily::MatmulAdd:
    k.acc.compute_at(k.outputs[0], k.n);
    return text + "  acc: one column per output column n, k sequential\n";
  case KernelFamily::LstmStep:
    // z (four gates of every unit) per batch row; c' per row, read by
    // both outputs (hOut and cOut) instead of recomputing the gates.
    k.acc.compute_at(k.outputs[0], k.n);
    k.cell.compute_at(k.outputs[0], k.n);
    return text + "  z and c' per batch row of state, k sequential\n";
  case KernelFamily::ProjectArgmax:
    // The logits column is an output itself; the argmax scan runs per row
    // after it (logits is computed before tokens in the pipeline).
    k.acc.compute_at(k.outputs[0], k.n);
    k.best.compute_at(k.outputs[1], k.n);
    return text + "  logits: one column per batch row; tokens(b): sequential scan\n";
  case KernelFamily::LogSoftmaxTopK:
    for (Func &scan : k.rowScans)
      scan.compute_at(k.outputs[0], k.n);
    for (Func &scan : k.laneScans)
      scan.compute_at(k.outputs[0], k.n);
    return text + "  per row: M + 2 reductions over v (lane partials, then lanes), scalar\n";
  }
  return text;
}

} // namespace halide
} // namespace s2s
