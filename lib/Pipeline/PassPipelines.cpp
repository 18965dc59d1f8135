//===- PassPipelines.cpp - The pass pipelines between IR levels -*- C++ -*-===//
#include "s2s/Pipeline/PassPipelines.h"
#include "s2s/Conversion/S2SToLLVM.h"
#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Dialect/S2S/S2SDialect.h"

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace s2s;

void s2s::populateModelToCells(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createLowerToCellsPass());
  pm.addPass(createPackWeightsPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.hoistInvariants)
    pm.addNestedPass<FuncOp>(createHoistInvariantProjectionsPass());
  pm.addNestedPass<FuncOp>(createGuardAllocationsPass());
}

void s2s::populateCellsToKernels(OpPassManager &pm, const PipelineOptions &options) {
  pm.addPass(createOutlineKernelsPass(options.schedule));
}

void s2s::populateKernelsToLLVM(OpPassManager &pm, const PipelineOptions &) {
  pm.addPass(createEmitCApiPass());
  pm.addPass(createDeviceResidencyPass());
  pm.addPass(createConvertS2SToLLVMPass());
}

void s2s::registerS2SPipelines() {
  static PassPipelineRegistration<> toCells(
      "s2s-to-cells", "Lower model-level s2s IR to cells",
      [](OpPassManager &pm) { populateModelToCells(pm, PipelineOptions()); });
  static PassPipelineRegistration<> toKernels(
      "s2s-to-kernels", "Lower model-level s2s IR to kernel calls", [](OpPassManager &pm) {
        populateModelToCells(pm, PipelineOptions());
        populateCellsToKernels(pm, PipelineOptions());
      });
  static PassPipelineRegistration<> toLLVM(
      "s2s-to-llvm", "Lower model-level s2s IR to the LLVM dialect", [](OpPassManager &pm) {
        populateModelToCells(pm, PipelineOptions());
        populateCellsToKernels(pm, PipelineOptions());
        populateKernelsToLLVM(pm, PipelineOptions());
      });
}

void s2s::loadS2SDialects(MLIRContext &context) {
  context.loadDialect<S2SDialect, StandardOpsDialect, arith::ArithmeticDialect,
                      memref::MemRefDialect, scf::SCFDialect, LLVM::LLVMDialect>();
}
