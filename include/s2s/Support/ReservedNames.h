//===- ReservedNames.h - Names a model cannot have -------------*- C++ -*-===//
#ifndef S2S_SUPPORT_RESERVEDNAMES_H
#define S2S_SUPPORT_RESERVEDNAMES_H

#include "llvm/ADT/StringRef.h"
#include <string>

namespace s2s {

/// Why `name` cannot name a model, or "" when it can. Every symbol of a
/// library is NAME_something, beside the C library and the Halide runtime
/// in one link: a leading '_' is the C implementation's, halide_* the
/// runtime's, and NAME_create, NAME_destroy (...) must not be a C library
/// function: the prefixes below are those of glibc 2.36's (X_create for
/// pthread, timer, epoll, ...). NAME.h must not be a system header's name.
/// The spec parser and the dialect verifier (s2s.model) both ask.
std::string reservedNameReason(llvm::StringRef name);

} // namespace s2s

#endif // S2S_SUPPORT_RESERVEDNAMES_H
