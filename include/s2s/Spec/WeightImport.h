//===- WeightImport.h - Read and convert a model's weights -----*- C++ -*-===//
///
/// Reads the safetensors file named by the spec, finds every tensor the
/// layout implies, checks its shape against the spec and converts it to the
/// canonical layout. Errors are emitted at the spec key that implied the
/// tensor (`weights.file`, `weights.names.encoder`, `encoder.hidden`, ...).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SPEC_WEIGHTIMPORT_H
#define S2S_SPEC_WEIGHTIMPORT_H

#include "s2s/Spec/ModelSpec.h"
#include "s2s/Spec/ModelWeights.h"
#include "mlir/Support/LogicalResult.h"

namespace llvm {
class SourceMgr;
}
namespace mlir {
class MLIRContext;
}

namespace s2s {

mlir::FailureOr<ModelWeights> importWeights(const ModelSpec &spec,
                                            llvm::SourceMgr &sourceMgr,
                                            mlir::MLIRContext *context);

} // namespace s2s

#endif // S2S_SPEC_WEIGHTIMPORT_H
