//===- Passes.h - Conversions out of the s2s dialect -----------*- C++ -*-===//
#ifndef S2S_CONVERSION_PASSES_H
#define S2S_CONVERSION_PASSES_H

#include "s2s/Conversion/S2SToLLVM.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"

namespace s2s {

#define GEN_PASS_REGISTRATION
#include "s2s/Conversion/Passes.h.inc"

} // namespace s2s

#endif // S2S_CONVERSION_PASSES_H
