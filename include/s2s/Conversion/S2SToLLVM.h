//===- S2SToLLVM.h - Host code to the LLVM dialect -------------*- C++ -*-===//
///
/// The last conversion of the pipeline: host code (scf, arith, memref, std
/// and the s2s kernel-level ops) to the LLVM dialect, kernel calls to
/// Halide's buffer ABI (lib/Conversion/S2SToLLVM/).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_CONVERSION_S2STOLLVM_H
#define S2S_CONVERSION_S2STOLLVM_H

#include "mlir/Pass/Pass.h"
#include <memory>

namespace s2s {

std::unique_ptr<mlir::Pass> createConvertS2SToLLVMPass();

} // namespace s2s

#endif // S2S_CONVERSION_S2STOLLVM_H
