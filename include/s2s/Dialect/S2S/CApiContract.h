//===- CApiContract.h - What every package's C API checks and says -*- C++ -*-===//
///
/// SPEC.md's C API is generated twice, as LLVM-dialect functions for native
/// libraries (EmitCApi.cpp) and as C++ text for `--emit=cpp` packages
/// (CppEmitter.cpp, CppRuntime.cpp). What a caller can observe of it is
/// decided here, once: the argument checks of NAME_translate and their order,
/// every message, the error buffer's size and the symbols that libraries in
/// one process share. The emitters only spell these out in their language;
/// TestCppSource checks that both packages answer the same bad calls with
/// the same messages.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_DIALECT_S2S_CAPICONTRACT_H
#define S2S_DIALECT_S2S_CAPICONTRACT_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace s2s::capi {

/// Bytes of a model's last-error buffer and of the per-thread kernel message.
constexpr int64_t kErrorBufferSize = 256;

/// Shared by every s2sc library and package in a process (names starting
/// with '_' are not model names, ReservedNames.h): the thread-local message
/// of the first Halide error of the current call, and the Halide error
/// handler native libraries install to fill it.
constexpr const char *kKernelErrorSymbol = "__s2s_kernel_error";
constexpr const char *kErrorHandlerSymbol = "__s2s_on_halide_error";

/// NAME_last_error(NULL).
constexpr const char *kModelIsNull = "model is NULL";

/// Halide's status for a failed allocation (halide_error_code_out_of_memory
/// of HalideRuntime.h), returned by the host code's own checks too.
constexpr int32_t kOutOfMemoryStatus = -3;
/// After NAME_translate_impl returned `status` (printf formats: the status,
/// then, for a kernel failure, the kernel's message).
constexpr const char *kOutOfMemoryMessage = "out of memory (status %d)";
constexpr const char *kKernelFailedMessage = "a kernel failed with status %d: %s";

/// One argument check of NAME_translate / NAME_translate_vectors. Each runs
/// only when every check before it passed, and a failing one returns 1
/// before any output is written, with `message` (a printf format) in the
/// model's error buffer.
struct ArgumentCheck {
  enum Kind {
    /// `argument` is a NULL pointer. Message arguments: none.
    NotNull,
    /// `argument` (an int32_t) is < 1. Message arguments: its value.
    AtLeastOne,
    /// Some src_len[b] is outside 1..max_src_len. Message arguments: the
    /// first such b, src_len[b], max_src_len.
    LengthsInRange,
    /// Some src[b][t] with t < src_len[b] is outside 0..V-1 (the source
    /// vocabulary). Message arguments: b, t, the id, V - 1.
    TokensInVocabulary,
  };
  Kind kind;
  /// The parameter's name in SPEC.md's signature.
  llvm::StringRef argument;
  llvm::StringRef message;
};

/// The checks after `model != NULL` (which fails with status 1 and no
/// message: there is no buffer to write it to), in order.
std::vector<ArgumentCheck> translateChecks(bool tokenSource, bool tokenTarget);

} // namespace s2s::capi

#endif // S2S_DIALECT_S2S_CAPICONTRACT_H
