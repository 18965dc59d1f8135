//===- s2s-opt.cpp - mlir-opt with the s2s dialect and passes --*- C++ -*-===//
///
/// For lit tests and for users experimenting with the passes one at a time.
///
//===----------------------------------------------------------------------===//
#include "s2s/Conversion/Passes.h"
#include "s2s/Dialect/S2S/Passes.h"
#include "s2s/Dialect/S2S/S2SDialect.h"
#include "s2s/Pipeline/PassPipelines.h"

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/SCF.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Support/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  s2s::registerS2SPasses();
  s2s::registerS2SConversionPasses();
  s2s::registerS2SPipelines();

  mlir::DialectRegistry registry;
  registry.insert<s2s::S2SDialect, mlir::StandardOpsDialect, mlir::arith::ArithmeticDialect,
                  mlir::memref::MemRefDialect, mlir::scf::SCFDialect,
                  mlir::tensor::TensorDialect, mlir::LLVM::LLVMDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "s2s optimizer driver\n", registry));
}
