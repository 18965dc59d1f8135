//===- PipelineOptions.h - What one s2sc run is asked to do ----*- C++ -*-===//
#ifndef S2S_PIPELINE_PIPELINEOPTIONS_H
#define S2S_PIPELINE_PIPELINEOPTIONS_H

#include <string>

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

} // namespace s2s

#endif // S2S_PIPELINE_PIPELINEOPTIONS_H
