//===- Codegen.h - Host object, C header and static library ----*- C++ -*-===//
///
/// The last steps of `s2sc`: LLVM-dialect host code to LLVM IR and an object
/// for the target, the model's C header, and the static library that holds
/// host code, kernels and one Halide runtime.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_CODEGEN_CODEGEN_H
#define S2S_CODEGEN_CODEGEN_H

#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
} // namespace llvm

namespace s2s {

struct HostTarget {
  std::string triple, cpu, features;
};

/// Translates a module in the LLVM dialect and optimises it (O0..O3) for the
/// target. The result's data layout and triple are the target's.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateHostCode(mlir::ModuleOp module, llvm::LLVMContext &llvmContext,
                  const HostTarget &target, unsigned optLevel);

/// Writes `module` as an object file (or assembly when `assembly` is set).
llvm::Error emitObject(llvm::Module &module, const HostTarget &target, unsigned optLevel,
                       llvm::StringRef path, bool assembly = false);

/// Writes a GNU archive with a symbol table holding `objects`, atomically.
llvm::Error writeStaticLibrary(llvm::StringRef path, llvm::ArrayRef<std::string> objects);

/// The C header of SPEC.md's API: NAME_translate for token targets,
/// NAME_translate_vectors for vector targets.
std::string emitCHeader(const ModelInterface &model, const ModelTargets &targets);

} // namespace s2s

#endif
