//===- PassPipelines.h - The pass pipelines of s2sc and s2s-opt -*- C++ -*-===//
///
/// The passes between two IR levels, in order: model -> cells -> kernels ->
/// LLVM dialect. s2sc runs them stage by stage; s2s-opt registers them as
/// s2s-to-cells, s2s-to-kernels and s2s-to-llvm. Nothing here needs Halide.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_PIPELINE_PASSPIPELINES_H
#define S2S_PIPELINE_PASSPIPELINES_H

#include "s2s/Pipeline/PipelineOptions.h"

#include "mlir/Pass/PassManager.h"

namespace s2s {

void populateModelToCells(mlir::OpPassManager &pm, const PipelineOptions &options);
void populateCellsToKernels(mlir::OpPassManager &pm, const PipelineOptions &options);
void populateKernelsToLLVM(mlir::OpPassManager &pm, const PipelineOptions &options);

/// Registers s2s-to-cells, s2s-to-kernels and s2s-to-llvm for s2s-opt.
void registerS2SPipelines();

/// Loads every dialect the pipeline uses into `context`.
void loadS2SDialects(mlir::MLIRContext &context);

} // namespace s2s

#endif // S2S_PIPELINE_PASSPIPELINES_H
