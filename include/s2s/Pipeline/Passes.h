//===- Passes.h - Passes of the compiler driver ----------------*- C++ -*-===//
///
/// Passes that need the Halide backend (so not in s2s-opt): registered by
/// s2sc, so that --print-ir-after etc. name them too.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_PIPELINE_PASSES_H
#define S2S_PIPELINE_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include <memory>

namespace s2s {

std::unique_ptr<mlir::Pass> createAnnotateTargetsPass();
std::unique_ptr<mlir::Pass> createAnnotateTargetsPass(llvm::StringRef targets, bool cpp);

#define GEN_PASS_REGISTRATION
#include "s2s/Pipeline/Passes.h.inc"

} // namespace s2s

#endif // S2S_PIPELINE_PASSES_H
