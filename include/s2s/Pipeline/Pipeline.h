//===- Pipeline.h - The s2sc compilation pipeline as a library -*- C++ -*-===//
///
/// As CIRCT's firtool: the tool only parses flags; the stage ladder of a
/// compilation (Pipeline.cpp), its outputs (OutputDirectory.cpp) and the
/// weight inspection (InspectWeights.cpp) live here, reachable from tests.
/// The pass pipelines themselves are PassPipelines.h.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_PIPELINE_PIPELINE_H
#define S2S_PIPELINE_PIPELINE_H

#include "s2s/Pipeline/PassPipelines.h"

#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/Error.h"
#include <string>

namespace llvm {
class SourceMgr;
}

namespace s2s {

/// Checks the flags that need no spec (--target, --schedule); the message
/// names the flag. compileSpec checks them too.
llvm::Error checkPipelineOptions(const PipelineOptions &options);

/// Compiles the spec held in `sourceMgr`'s main buffer as `options` says.
/// Every problem is emitted as a diagnostic; on failure no output is left.
mlir::LogicalResult compileSpec(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                                const PipelineOptions &options);

/// Continues compiling the IR held in `sourceMgr`'s main buffer: a module at
/// the model, cell or kernel level (what --emit=mlir, cells and kernels
/// write), from the stage after it, as `options` says.
mlir::LogicalResult compileIR(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                              const PipelineOptions &options);

/// `s2sc --inspect-weights`: lists the tensors of the spec's weights file
/// and how each spec role maps onto them (missing, wrong shape, unused).
/// Import problems are also emitted as diagnostics; fails if there are any.
mlir::LogicalResult inspectSpecWeights(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                                       llvm::raw_ostream &os);

/// Lists name, dtype and shape of every tensor of a safetensors file.
llvm::Error inspectWeightsFile(llvm::StringRef path, llvm::raw_ostream &os);

} // namespace s2s

#endif
