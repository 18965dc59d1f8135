//===- FuzzSafetensors.cpp - libFuzzer target: safetensors reader --------===//
///
/// Any bytes as a safetensors image: a parsed file whose every tensor holds
/// exactly the elements its shape says, or an error; never a crash or an
/// out-of-bounds read.
///
//===----------------------------------------------------------------------===//
#include "s2s/Support/Safetensors.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  auto file = s2s::parseSafetensors(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.safetensors");
  if (!file) {
    llvm::consumeError(file.takeError());
    return 0;
  }
  for (const auto &[name, tensor] : file->tensors) {
    size_t elements = 1;
    for (int64_t d : tensor.shape) {
      if (d < 0)
        std::abort(); // a negative dimension was accepted
      elements *= static_cast<size_t>(d);
    }
    if (elements != tensor.data.size())
      std::abort(); // the data does not match the shape
  }
  return 0;
}
