//===- ModelInterface.h - What a compiled model promises its caller -*- C++ -*-===//
///
/// The facts about a model that the stages after s2s-lower-to-cells need:
/// the shapes of its C API (on the host function NAME_translate_impl) and
/// the targets its kernels are built for (on the module). They live in the
/// IR as `s2s.*` attributes, so that every stage can be printed and
/// resumed; this file is the only place that names, reads or writes them
/// (S2SDialect.cpp verifies their kinds), and the only place that finds the
/// model's functions.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_DIALECT_S2S_MODELINTERFACE_H
#define S2S_DIALECT_S2S_MODELINTERFACE_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace s2s {

/// The attribute names, verified in S2SDialect.cpp.
namespace attr {
// On a model function and its host function: the model's name.
constexpr llvm::StringLiteral kModel = "s2s.model";
// On the host function (ModelInterface).
constexpr llvm::StringLiteral kSourceKind = "s2s.source_kind";
constexpr llvm::StringLiteral kSourceVocab = "s2s.source_vocab";
constexpr llvm::StringLiteral kSourceDim = "s2s.source_dim";
constexpr llvm::StringLiteral kTargetKind = "s2s.target_kind";
constexpr llvm::StringLiteral kTargetVocab = "s2s.target_vocab";
constexpr llvm::StringLiteral kTargetDim = "s2s.target_dim";
constexpr llvm::StringLiteral kBos = "s2s.bos";
constexpr llvm::StringLiteral kEos = "s2s.eos";
constexpr llvm::StringLiteral kMaxLength = "s2s.max_length";
constexpr llvm::StringLiteral kBeamWidth = "s2s.beam_width";
constexpr llvm::StringLiteral kStateWidth = "s2s.state_width";
// On the module (ModelTargets).
constexpr llvm::StringLiteral kTarget = "s2s.target";
constexpr llvm::StringLiteral kHostFeatures = "s2s.host_features";
constexpr llvm::StringLiteral kVariants = "s2s.variants";
constexpr llvm::StringLiteral kDevice = "s2s.device";
} // namespace attr

/// The C API of SPEC.md a model's library has: token or vector source and
/// output, their sizes, and the decoder's limits.
struct ModelInterface {
  std::string name;
  bool tokenSource = true, tokenTarget = true;
  int64_t sourceSize = 0; // vocabulary (tokens) or feature size (vectors)
  int64_t targetSize = 0; // vocabulary (tokens) or output size (vectors)
  int64_t bos = 0, eos = 0, maxLength = 0;
  /// K of a beam-search model (NAME_translate_nbest); 0 for greedy search.
  int64_t beamWidth = 0;
  /// Floats per row of a step-wise state (NAME_state_create); 0: the
  /// library has no step-wise API (IR-level tests that omit it).
  int64_t stateWidth = 0;

  /// Records the interface on the host function (s2s-lower-to-cells).
  void attachTo(mlir::FuncOp impl) const;
  /// The interface recorded on `impl`; an error on `impl` when the name,
  /// the kinds or the sizes are missing (bos, eos, max_length and
  /// beam_width default to 0).
  static mlir::FailureOr<ModelInterface> read(mlir::FuncOp impl);
};

/// One CPU variant of a multi-target library, in preference order.
struct TargetVariant {
  std::string name;   // as --target named it: "avx512", "avx2", ...
  std::string target; // its Halide target string
  std::string suffix; // of its kernels' symbols: K__avx512
  llvm::SmallVector<uint64_t> features; // Halide feature words the CPU needs
};

/// What the kernels of a module are built for, set by s2s-annotate-targets
/// once the targets are resolved; absent in IR-level tests (then:
/// "unknown", no variants, no device).
struct ModelTargets {
  std::string target = "unknown";       // as NAME_metadata() reports it
  std::string hostFeatures = "unknown"; // LLVM features of the host code
  bool cuda = false;                    // kernels run on a CUDA device
  llvm::SmallVector<TargetVariant> variants;

  bool multiTarget() const { return variants.size() > 1; }
  /// Records these targets on `module`, replacing any recorded before.
  void attachTo(mlir::ModuleOp module) const;
  static ModelTargets read(mlir::ModuleOp module);
};

/// A function the spec's model is written in (model level).
bool isModelFunction(mlir::FuncOp f);
/// A host function of the model (cell and kernel level): NAME_translate_impl
/// and, for the step-wise API, NAME_encode_impl and NAME_step_impl.
bool isHostFunction(mlir::FuncOp f);
/// The model's host function NAME_translate_impl (cell and kernel level).
bool isTranslateImpl(mlir::FuncOp f);
/// The step-wise API's host functions of `model`'s NAME_translate_impl
/// `impl`: NAME_encode_impl and NAME_step_impl, or null when absent.
mlir::FuncOp lookupEncodeImpl(mlir::ModuleOp module, llvm::StringRef model);
mlir::FuncOp lookupStepImpl(mlir::ModuleOp module, llvm::StringRef model);
/// The first function of `module` with a body for which isTranslateImpl
/// holds, or null.
mlir::FuncOp lookupTranslateImpl(mlir::ModuleOp module);
/// The model name recorded on `f`, or "" when it has none.
llvm::StringRef modelNameOf(mlir::FuncOp f);

/// The generated function that picks a multi-target library's variant for
/// the running CPU (s2s-emit-c-api defines it; the kernel dispatch of
/// convert-s2s-to-llvm calls it).
inline std::string variantSelectorName(llvm::StringRef model) {
  return model.str() + "__select_variant";
}

/// NAME_metadata()'s JSON: the same text in the native and the C++ package.
std::string modelMetadataJson(const ModelInterface &model, const ModelTargets &targets);

} // namespace s2s

#endif // S2S_DIALECT_S2S_MODELINTERFACE_H
