//===- WeightPacking.h - Weights in the layouts the kernels read -*- C++ -*-===//
///
/// Model-level weights are in the canonical layout of SEMANTICS.md (an LSTM
/// layer's W_ih [4H, in] with gates i, f, g, o). The kernels read them
/// packed at compile time: transposed ([in, out]) so they stream contiguous
/// rows of the output dimension, the 4H gate columns in the gate layout of
/// s2s/Support/GateLayout.h, and W_hh block by block as the LstmStep kernel
/// walks it. s2s-lower-to-cells says which packing each weight gets (an
/// s2s.weight), s2s-pack-weights computes it.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_WEIGHTPACKING_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_WEIGHTPACKING_H

#include "s2s/Dialect/S2S/S2SOps.h"

#include "mlir/IR/BuiltinAttributes.h"

namespace s2s {

/// `weight`'s value packed as it says: with `transpose`, columns [begin,
/// end) of a [rows, cols] value become [end - begin, rows] (end -1: cols);
/// rows ordered as `rows` says (its verifier has checked the shapes).
mlir::DenseElementsAttr packWeight(WeightOp weight);

/// Whether folding the decoder's layer-0 input projection into its
/// embedding pays: from a W_ih (feedback columns) of 256 KiB (H = E = 128),
/// whose product is a kernel call per step, up to a table of 64 MiB
/// (V = 8000 at H = 512), which replaces W_ih (4 MiB read per step) and the
/// embedding. `gates` is 4H.
bool worthFoldingInputProjection(int64_t vocab, int64_t embed, int64_t gates);

/// The folded table [V, 4H]: row v = bias + e_v W_ih^T, from the packed
/// `embedding` [V, E], `wIhT` [E, 4H] and `bias` [4H] (gate layout; a null
/// bias is zeros).
mlir::DenseElementsAttr foldInputProjection(mlir::DenseElementsAttr embedding,
                                            mlir::DenseElementsAttr wIhT,
                                            mlir::DenseElementsAttr bias);

} // namespace s2s

#endif // S2S_LIB_DIALECT_S2S_TRANSFORMS_WEIGHTPACKING_H
