//===- Safetensors.h - Reader for .safetensors files -----------*- C++ -*-===//
///
/// Reads the safetensors format (SEMANTICS.md section 7) and converts every
/// tensor (F32, F16, BF16, F64) to f32. Malformed files are rejected with an
/// error that names the file and the problem; nothing is read out of bounds.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_SUPPORT_SAFETENSORS_H
#define S2S_SUPPORT_SAFETENSORS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace s2s {

struct SafetensorsTensor {
  std::string dtype;           // as in the file: F32, F16, BF16, F64
  std::vector<int64_t> shape;
  std::vector<float> data;     // converted to f32, row-major
};

struct SafetensorsFile {
  std::string path;
  std::map<std::string, SafetensorsTensor> tensors; // sorted by name
  std::map<std::string, std::string> metadata;
};

/// Parses a whole file. Errors name `path`.
llvm::Expected<SafetensorsFile> readSafetensors(llvm::StringRef path);

/// Parses an in-memory image; `name` is used in error messages.
llvm::Expected<SafetensorsFile> parseSafetensors(llvm::StringRef bytes,
                                                 llvm::StringRef name);

} // namespace s2s

#endif // S2S_SUPPORT_SAFETENSORS_H
