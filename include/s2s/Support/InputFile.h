//===- InputFile.h - Reading untrusted input files -------------*- C++ -*-===//
///
/// Every file s2sc reads (specs, weights, .mlir) comes through here: only a
/// regular file is opened (a FIFO would block, /dev/zero never ends), and
/// one larger than its limit is refused before a byte is read.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_INPUTFILE_H
#define S2S_SUPPORT_INPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>

namespace s2s {

/// Specs and IR: text a person writes or a tool prints.
constexpr uint64_t kMaxTextFileBytes = uint64_t(1) << 30; // 1 GiB
/// Weights: the largest models we build are a few GiB.
constexpr uint64_t kMaxWeightsFileBytes = uint64_t(64) << 30; // 64 GiB

/// The contents of `path` ("-": standard input), at most `maxBytes`; a
/// `text` buffer ends in a NUL, as MLIR's and YAML's lexers expect. Errors
/// name the file: "PATH: not a regular file", "PATH: N bytes, more than the
/// limit of M", or the system's reason.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readInputFile(llvm::StringRef path, uint64_t maxBytes, bool text);

} // namespace s2s

#endif // S2S_SUPPORT_INPUTFILE_H
