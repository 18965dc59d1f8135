//===- ModelLowering.h - What the model-to-cells patterns share -*- C++ -*-===//
///
/// s2s-lower-to-cells (ModelToCells.cpp) builds `<name>_translate_impl` and
/// lowers the model function into it op by op, in program order, one
/// rewrite pattern per model-level op: the encoder and the context
/// (EncoderPatterns.cpp), a decoder kind each (TokenDecoderPattern.cpp,
/// BeamDecoderPattern.cpp, VectorDecoderPattern.cpp; their shared LSTM
/// stack is DecoderStack.h). A new decoder kind or search is one more
/// pattern. The step-wise API's `<name>_encode_impl` and `<name>_step_impl`
/// are lowered from the same function with other decoder patterns
/// (StepwisePatterns.cpp).
///
/// The patterns build host code in the new function through this state,
/// which also maps each model-level value to what it was lowered to; the
/// model function is left as it is and erased once lowered whole.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_MODELLOWERING_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_MODELLOWERING_H

#include "HostBuilder.h"
#include "s2s/Dialect/S2S/S2SOps.h"

#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"

namespace s2s {

class ModelLowering {
public:
  /// Lowers into `impl`, whose entry block exists; `name` is the model's.
  ModelLowering(mlir::FuncOp impl, llvm::StringRef name);

  HostBuilder b;
  mlir::Type i32, f32;

  /// Rows of the call (the batch); set by the encoder.
  mlir::Value batch;
  /// What a model-level tensor was lowered to: a memref (the model's
  /// arguments, the context), or per layer one (an encoder's h and c).
  llvm::DenseMap<mlir::Value, mlir::Value> memrefOf;
  llvm::DenseMap<mlir::Value, llvm::SmallVector<mlir::Value>> layersOf;
  /// The function's arguments after the model's source and lengths
  /// (destination passing), in C API order; all of a step function's.
  llvm::SmallVector<mlir::Value> outputs;

  /// [rows, cols] / [size] / one-element (a host variable scf loops update)
  /// buffers, freed at the end of the function.
  mlir::Value alloc(mlir::Type elementType, int64_t cols, mlir::Value rows);
  mlir::Value alloc1D(mlir::Type elementType, mlir::Value size);
  mlir::Value allocCell(mlir::Type elementType);
  void fill2D(mlir::Value memref, mlir::Value rows, mlir::Value value);
  void copy2D(mlir::Value from, mlir::Value to, mlir::Value rows);
  /// Columns [fromColumn, +width) of the first `rows` rows of `from` into
  /// columns [toColumn, +width) of `to`.
  void copyColumns(mlir::Value from, int64_t fromColumn, mlir::Value to, int64_t toColumn,
                   int64_t width, mlir::Value rows);
  /// The first `rows` rows of a per-row buffer (the buffer itself when
  /// `rows` is the batch).
  mlir::Value firstRows(mlir::Value buffer, mlir::Value rows);

  /// An s2s.weight `<name>_<role>` of `tensor` (a dense f32 arith.constant;
  /// otherwise an error at it naming `role`) with the packing given.
  mlir::FailureOr<mlir::Value> weight(mlir::Value tensor, llvm::StringRef role, bool transpose,
                                      int64_t begin = 0, int64_t end = -1,
                                      WeightRows rows = WeightRows::Plain);
  /// One LSTM layer's weights (w_ih, w_hh, b at model level) as the kernels
  /// read them: `<prefix>_w_ih_t` (its first `columns` input columns; -1:
  /// all), `<prefix>_w_hh_t`, `<prefix>_b`, in the gate layout.
  struct LstmWeights {
    mlir::Value wIhT, wHhT, bias;
  };
  mlir::FailureOr<LstmWeights> lstmWeights(mlir::ValueRange layer, llvm::StringRef prefix,
                                           int64_t columns = -1);
  /// The output layer (w_out, b_out at model level) as the kernels read
  /// it: `<name>_output_w_t`, `<name>_output_b`.
  struct Readout {
    mlir::Value wOutT, bOut;
  };
  mlir::FailureOr<Readout> readout(mlir::Value wOut, mlir::Value bOut);
  /// The symbol of the global a weight or table of `role` becomes.
  std::string symbol(llvm::StringRef role) const;

  /// Frees the buffers and returns 0: the end of the function.
  void finish();

private:
  std::string name;
  llvm::SmallVector<mlir::Value> allocations;
};

/// A pattern lowering one model-level op into the ModelLowering's function.
template <typename Op> struct ModelOpLowering : mlir::OpRewritePattern<Op> {
  ModelOpLowering(mlir::MLIRContext *context, ModelLowering &lowering)
      : mlir::OpRewritePattern<Op>(context), lowering(lowering) {}
  ModelLowering &lowering;
};

void populateEncoderLowerings(mlir::RewritePatternSet &patterns, ModelLowering &lowering);
void populateTokenDecoderLowering(mlir::RewritePatternSet &patterns, ModelLowering &lowering);
void populateBeamDecoderLowering(mlir::RewritePatternSet &patterns, ModelLowering &lowering);
void populateVectorDecoderLowering(mlir::RewritePatternSet &patterns, ModelLowering &lowering);
/// The step-wise API's decoder patterns: the state after the encoder
/// (NAME_encode_impl) and one step on a state (NAME_step_impl).
void populateDecoderInitLowerings(mlir::RewritePatternSet &patterns, ModelLowering &lowering);
void populateDecoderStepLowerings(mlir::RewritePatternSet &patterns, ModelLowering &lowering);

} // namespace s2s

#endif
