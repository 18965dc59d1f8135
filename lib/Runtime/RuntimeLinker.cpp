//===- RuntimeLinker.cpp - S2SRuntime.cpp into generated libraries -*- C++ -*-===//
#include "s2s/Runtime/Runtime.h"

#include "llvm/ADT/Triple.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/Module.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"

#include "kRuntimeBitcode_aarch64.inc"
#include "kRuntimeBitcode_x86_64.inc"
#include "kRuntimeSource.inc"

using namespace llvm;

namespace {
StringRef bytes(const unsigned char *data, size_t size) {
  return StringRef(reinterpret_cast<const char *>(data), size);
}
} // namespace

StringRef s2s::runtime::source() { return bytes(kRuntimeSource, sizeof kRuntimeSource); }

Error s2s::runtime::linkInto(Module &module) {
  Triple triple(module.getTargetTriple());
  StringRef bitcode;
  if (triple.getArch() == Triple::x86_64)
    bitcode = bytes(kRuntimeBitcode_x86_64, sizeof kRuntimeBitcode_x86_64);
  else if (triple.getArch() == Triple::aarch64)
    bitcode = bytes(kRuntimeBitcode_aarch64, sizeof kRuntimeBitcode_aarch64);
  else
    return createStringError(inconvertibleErrorCode(),
                             "the s2s runtime is not built for " + triple.str());
  Expected<std::unique_ptr<Module>> runtime =
      parseBitcodeFile(MemoryBufferRef(bitcode, "s2s-runtime"), module.getContext());
  if (!runtime)
    return runtime.takeError();
  // Same architecture; the library's exact triple and layout.
  (*runtime)->setTargetTriple(module.getTargetTriple());
  (*runtime)->setDataLayout(module.getDataLayout());
  if (Linker::linkModules(module, std::move(*runtime), Linker::LinkOnlyNeeded))
    return createStringError(inconvertibleErrorCode(), "cannot link the s2s runtime");
  return Error::success();
}
