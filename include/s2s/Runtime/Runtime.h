//===- Runtime.h - The C API's support inside generated libraries -*- C++ -*-===//
///
/// lib/Runtime/S2SRuntime.cpp holds what SPEC.md's C API does besides
/// running the model (argument checks and messages, error state, the Halide
/// error handler, variant choice). Native libraries get it as bitcode linked
/// into their host code, `--emit=cpp` packages as source; the C APIs that
/// EmitCApi.cpp and CppEmitter.cpp write call these functions.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_RUNTIME_RUNTIME_H
#define S2S_RUNTIME_RUNTIME_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace llvm {
class Module;
} // namespace llvm

namespace s2s::runtime {

// The runtime's functions (their contracts are in S2SRuntime.cpp).
constexpr const char *kOnHalideError = "__s2s_on_halide_error";
constexpr const char *kNewModel = "__s2s_new_model";
constexpr const char *kDeleteModel = "__s2s_delete_model";
constexpr const char *kLastError = "__s2s_last_error";
constexpr const char *kCheckTranslate = "__s2s_check_translate";
constexpr const char *kCheckBeam = "__s2s_check_beam";
constexpr const char *kStateCreate = "__s2s_state_create";
constexpr const char *kStateDestroy = "__s2s_state_destroy";
constexpr const char *kStateData = "__s2s_state_data";
constexpr const char *kCheckEncode = "__s2s_check_encode";
constexpr const char *kCheckStep = "__s2s_check_step";
constexpr const char *kEndStateCall = "__s2s_end_state_call";
constexpr const char *kStateSelect = "__s2s_state_select";
constexpr const char *kBeginCall = "__s2s_begin_call";
constexpr const char *kEndCall = "__s2s_end_call";
constexpr const char *kSelectVariant = "__s2s_select_variant";

/// S2SRuntime.cpp itself, for a C++ package's NAME_runtime.cpp.
llvm::StringRef source();

/// Links the runtime, compiled for `module`'s architecture, into `module`:
/// the functions it calls and what they need. An error for an architecture
/// the runtime was not built for.
llvm::Error linkInto(llvm::Module &module);

} // namespace s2s::runtime

#endif // S2S_RUNTIME_RUNTIME_H
