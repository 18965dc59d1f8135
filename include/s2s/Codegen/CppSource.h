//===- CppSource.h - The model as a standalone C++ source package -*- C++ -*-===//
///
/// `s2sc --emit=cpp`: besides NAME.h (emitCHeader) and one .cpp per kernel
/// from Halide's C++ backend, the package holds the host code as readable
/// C++ (CppEmitter.cpp) and the few Halide runtime functions the kernels
/// call (CppRuntime.cpp), so it builds with a plain C++ compiler.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_CODEGEN_CPPSOURCE_H
#define S2S_CODEGEN_CPPSOURCE_H

#include "s2s/Codegen/Codegen.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>

namespace s2s {

/// NAME_host.cpp: NAME_translate_impl of the kernel-level `module` (scf,
/// arith, memref, s2s.kernel_call; anything else is an error naming the op)
/// with its constant weights, and SPEC.md's C API around it with the same
/// argument checks and messages as the C API pass (EmitCApi.cpp).
llvm::Error emitHostCpp(mlir::ModuleOp module, const ModelInterface &model,
                        llvm::raw_ostream &os);

/// NAME_runtime.cpp: the Halide runtime functions kernels from Halide's C++
/// backend call.
std::string emitCppRuntime(const ModelInterface &model);

} // namespace s2s

#endif // S2S_CODEGEN_CPPSOURCE_H
