//===- MLIRGen.h - ModelSpec + weights to model-level IR -------*- C++ -*-===//
#ifndef S2S_PIPELINE_MLIRGEN_H
#define S2S_PIPELINE_MLIRGEN_H

#include "s2s/Spec/ModelSpec.h"
#include "s2s/Spec/ModelWeights.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace llvm {
class SourceMgr;
}

namespace s2s {

/// Builds `func @NAME(src, src_len, max_out) -> (tokens, lengths, logits)`
/// marked `s2s.model`, whose ops carry the spec locations of their sections.
/// Emits a diagnostic at the spec key and returns null for a model variant
/// the compiler does not build yet.
mlir::OwningOpRef<mlir::ModuleOp> buildModelModule(const ModelSpec &spec,
                                                   const ModelWeights &weights,
                                                   llvm::SourceMgr &sourceMgr,
                                                   mlir::MLIRContext *context);

} // namespace s2s

#endif
