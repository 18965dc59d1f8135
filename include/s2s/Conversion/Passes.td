//===- Passes.td - Conversions out of the s2s dialect -------*- tablegen -*-===//
#ifndef S2S_CONVERSION_PASSES
#define S2S_CONVERSION_PASSES

include "mlir/Pass/PassBase.td"

def ConvertS2SToLLVM : Pass<"convert-s2s-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Lower host code (scf, arith, memref, std, s2s kernel calls) to the LLVM dialect";
  let description = [{
    `s2s.kernel_call` becomes a call of the Halide AOT function with one
    `halide_buffer_t` per memref (filled from the memref descriptor; the
    buffer structs live in the entry block), `s2s.view_pointer` a memref
    descriptor around the raw pointer, `memref.alloc` an
    overflow-checked malloc. With `s2s.device = "cuda"` on the module,
    `s2s.device_sync` becomes Halide's copy calls on one device buffer per
    allocation. With two or more `s2s.variants`, each kernel is declared
    once per variant suffix and called through an internal dispatch
    function that asks the library's variant selector.
  }];
  let constructor = "::s2s::createConvertS2SToLLVMPass()";
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // S2S_CONVERSION_PASSES
