//===- Version.h - The s2sc version ----------------------------*- C++ -*-===//
#ifndef S2S_VERSION_H
#define S2S_VERSION_H

namespace s2s {
/// Reported by `s2sc --version` and by every generated NAME_metadata().
constexpr const char *kVersion = "0.1.0";
} // namespace s2s

#endif
