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

#include <string>
#include <vector>

namespace llvm {
class SourceMgr;
}
namespace mlir {
class MLIRContext;
}

namespace s2s {

/// One tensor the spec asked for, as `--inspect-weights` shows it.
struct WeightUse {
  std::string role;             // weights.names role, e.g. "encoder"
  std::string tensor;           // the full name looked up
  std::vector<int64_t> expected; // shape the spec implies
  bool found = false;
  std::vector<int64_t> actual;  // shape in the file, when found
  std::string dtype;            // dtype in the file, when found
};

/// What an import accepts beyond the default.
struct ImportOptions {
  /// NaN and infinite elements (by default each tensor's first one is an
  /// error naming the tensor and the element).
  bool allowNonFinite = false;
};

/// Imports the weights; when `uses` is set, also records every tensor looked
/// up (in order), whether or not the import succeeds.
mlir::FailureOr<ModelWeights> importWeights(const ModelSpec &spec,
                                            llvm::SourceMgr &sourceMgr,
                                            mlir::MLIRContext *context,
                                            std::vector<WeightUse> *uses = nullptr,
                                            ImportOptions options = {});

} // namespace s2s

#endif // S2S_SPEC_WEIGHTIMPORT_H
