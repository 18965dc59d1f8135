//===- Passes.h - s2s dialect passes ---------------------------*- C++ -*-===//
#ifndef S2S_DIALECT_S2S_PASSES_H
#define S2S_DIALECT_S2S_PASSES_H

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Pass/Pass.h"
#include <memory>

namespace s2s {

std::unique_ptr<mlir::Pass> createLowerToCellsPass();
std::unique_ptr<mlir::Pass> createPackWeightsPass();
std::unique_ptr<mlir::Pass> createHoistInvariantProjectionsPass();
std::unique_ptr<mlir::Pass> createGuardAllocationsPass();
std::unique_ptr<mlir::Pass> createOutlineKernelsPass();
std::unique_ptr<mlir::Pass> createOutlineKernelsPass(llvm::StringRef schedule);
std::unique_ptr<mlir::Pass> createEmitCApiPass();
std::unique_ptr<mlir::Pass> createDeviceResidencyPass();

#define GEN_PASS_REGISTRATION
#include "s2s/Dialect/S2S/Passes.h.inc"

} // namespace s2s

#endif // S2S_DIALECT_S2S_PASSES_H
