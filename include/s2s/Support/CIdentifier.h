//===- CIdentifier.h - What may name a C symbol ----------------*- C++ -*-===//
///
/// Model names and Halide function names become C symbols of a generated
/// library; the spec parser, the dialect verifier and the Halide backend all
/// ask this one question.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_CIDENTIFIER_H
#define S2S_SUPPORT_CIDENTIFIER_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"

namespace s2s {

/// [A-Za-z_][A-Za-z0-9_]*
inline bool isCIdentifier(llvm::StringRef name) {
  if (name.empty() || !(llvm::isAlpha(name.front()) || name.front() == '_'))
    return false;
  return llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; });
}

} // namespace s2s

#endif // S2S_SUPPORT_CIDENTIFIER_H
