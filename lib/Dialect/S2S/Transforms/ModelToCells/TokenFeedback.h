//===- TokenFeedback.h - What token decoders feed back to layer 0 -*- C++ -*-===//
///
/// Shared by the greedy and the beam decoder: the table each step gathers a
/// fed-back token's row from, the readout weights, and step 0's input.
///
/// Layer 0's input projection is folded into the embedding when
/// worthFoldingInputProjection (WeightPacking.h) says so: gates(v) = W_ih
/// e_v + b for every token v, one [V, 4H] table computed at compile time,
/// so each step gathers its row instead of multiplying (with peek, W_ih's
/// feedback columns only; the bias is then in the context's share, added
/// to the gathered row).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_TOKENFEEDBACK_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_TOKENFEEDBACK_H

#include "DecoderStack.h"

namespace s2s {

struct TokenFeedback {
  /// For a token decoder with `embedding` ([V, E] at model level), `readout`
  /// (w_out, b_out) and first input `first` over `stack`.
  static mlir::FailureOr<TokenFeedback> build(ModelLowering &lowering, DecoderStack &stack,
                                              mlir::Value embedding, mlir::ValueRange readout,
                                              FirstInput first);

  /// Gathers the input of the first `rows` rows from their tokens in
  /// `tokens`: their embeddings into `y`, or (folded) their share of layer
  /// 0's gates into the stack's gates, plus with peek the context's share
  /// already in the stack's peekGates.
  void gather(mlir::Value tokens, mlir::Value rows);
  /// Step 0's input on the first `rows` rows, as first_input says: BOS
  /// (`bos` into `tokens`, then gathered) or no token (context or zeros;
  /// folded, its projection into the gates too).
  void emitFirstInput(mlir::Value tokens, mlir::Value rows, int64_t bos);
  /// Whether DecoderStack::step finds layer 0's gate inputs ready (folded).
  bool inputReady() const { return fold; }

  ModelLowering *lowering = nullptr;
  DecoderStack *stack = nullptr;
  FirstInput first = FirstInput::Bos;
  bool fold = false;
  int64_t vocab = 0;
  /// The table a step gathers from, and the readout (W_out^T, b_out).
  mlir::Value table, wOutT, bOut;
  /// The embedding fed to layer 0 (capacity rows); null when folded with
  /// first_input bos (no step reads it).
  mlir::Value y;
};

} // namespace s2s

#endif
