//===- Pipeline.h - The s2sc compilation pipeline as a library -*- C++ -*-===//
///
/// As CIRCT's firtool: the tool only parses flags; the sequence of passes and
/// the emission of every stage live here, reachable from tests.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_PIPELINE_PIPELINE_H
#define S2S_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/Error.h"
#include <string>

namespace llvm {
class SourceMgr;
}

namespace s2s {

/// What to stop at, ordered by pipeline depth.
enum class EmitKind {
  Spec,    // the normalised spec, defaults filled in
  Mlir,    // model-level s2s IR with spec locations
  Cells,   // cell-level ops in time loops
  Kernels, // outlined kernels and host calls
  Halide,  // Halide's lowered statement of every kernel
  Llvm,    // LLVM IR: host code (optimised) and every kernel
  Asm,     // assembly: host code and every kernel
  Obj,     // NAME.h and the objects: host, kernels, Halide runtime
  Lib,     // NAME.h + libNAME.a
  Cpp,     // NAME.h + C++ sources: host code, kernels, Halide runtime
};

struct PipelineOptions {
  EmitKind emit = EmitKind::Lib;
  std::string target = "host";
  std::string schedule = "default";
  unsigned optLevel = 2;
  /// Move loop-invariant projections (peek) out of the decoder loop.
  bool hoistInvariants = true;
  /// Textual stages: a file or "-"; obj, lib and cpp: a directory.
  std::string output;
  /// When set, every stage is also written there.
  std::string dumpDir;
  /// Accept NaN and infinite weights (by default an error).
  bool allowNonFiniteWeights = false;
};

void populateModelToCells(mlir::OpPassManager &pm, const PipelineOptions &options);
void populateCellsToKernels(mlir::OpPassManager &pm, const PipelineOptions &options);
void populateKernelsToLLVM(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers s2s-to-cells, s2s-to-kernels and s2s-to-llvm for s2s-opt.
void registerS2SPipelines();

/// Checks the flags that need no spec (--target, --schedule); the message
/// names the flag. compileSpec checks them too.
llvm::Error checkPipelineOptions(const PipelineOptions &options);

/// Compiles the spec held in `sourceMgr`'s main buffer as `options` says.
/// Every problem is emitted as a diagnostic; on failure no output is left.
mlir::LogicalResult compileSpec(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                                const PipelineOptions &options);

/// `s2sc --inspect-weights`: lists the tensors of the spec's weights file
/// and how each spec role maps onto them (missing, wrong shape, unused).
/// Import problems are also emitted as diagnostics; fails if there are any.
mlir::LogicalResult inspectSpecWeights(llvm::SourceMgr &sourceMgr, mlir::MLIRContext *context,
                                       llvm::raw_ostream &os);

/// Lists name, dtype and shape of every tensor of a safetensors file.
llvm::Error inspectWeightsFile(llvm::StringRef path, llvm::raw_ostream &os);

/// Loads every dialect the pipeline uses into `context`.
void loadS2SDialects(mlir::MLIRContext &context);

} // namespace s2s

#endif
