//===- DecoderStack.h - A decoder's LSTM stack, step by step ----*- C++ -*-===//
///
/// What every decoder kind shares: per layer its packed weights and two row
/// blocks of h and c (the state before and after a step swap roles), the
/// gate buffer, with peek the context's share of layer 0's gates, and one
/// step of the whole stack on the rows still running.
///
//===----------------------------------------------------------------------===//
#ifndef S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_DECODERSTACK_H
#define S2S_LIB_DIALECT_S2S_TRANSFORMS_MODELTOCELLS_DECODERSTACK_H

#include "ModelLowering.h"

namespace s2s {

/// What a decoder op says about its stack.
struct DecoderConfig {
  mlir::ValueRange layers; // per layer w_ih, w_hh, b (model level)
  mlir::Value initH, initC, context;
  Peek peek;
  GateActivation gateActivation;
  InitState initState;

  template <typename DecoderOp> static DecoderConfig of(DecoderOp op) {
    return {op.getLayers(), op.getInitH(),          op.getInitC(),    op.getContext(),
            op.getPeek(),   op.getGateActivation(), op.getInitState()};
  }
};

/// A row of the step-wise API's state (SPEC.md NAME_state): one f32 row of
/// `width()` floats holding per decoder layer h then c, the context, and
/// with peek the context's share of layer 0's gates (computed once, at
/// NAME_encode, as the decoders compute it once per call). The row is all
/// a sequence's decoder needs, so NAME_state_select moves whole rows.
struct StateLayout {
  int64_t layers = 0, hidden = 0, context = 0;
  bool peek = false;

  static StateLayout of(const DecoderConfig &config);
  int64_t h(int64_t layer) const { return 2 * layer * hidden; }
  int64_t c(int64_t layer) const { return (2 * layer + 1) * hidden; }
  int64_t contextColumn() const { return 2 * layers * hidden; }
  int64_t peekColumn() const { return contextColumn() + context; }
  int64_t width() const { return peekColumn() + (peek ? 4 * hidden : 0); }
};

struct DecoderStack {
  /// Per layer: W_ih^T, W_hh^T, b. For layer 0 with peek concat, W_ih^T
  /// holds only the feedback columns and `contextWeight` the others.
  using Layer = ModelLowering::LstmWeights;

  /// Sets the stack up for a decoder whose fed-back input has `feedback`
  /// columns and that runs `steps` steps: weights, initial states (as
  /// init_state says) in the first batch rows, gate buffers and the per-row
  /// step bound. Its buffers have `capacity` rows (default: the batch; a
  /// beam search's K rows per sequence).
  static mlir::FailureOr<DecoderStack> build(ModelLowering &lowering, const DecoderConfig &config,
                                             int64_t feedback, mlir::Value steps,
                                             mlir::Value capacity = {});

  /// With peek, the context's share of layer 0's gates (one row per
  /// sequence) into `into`, by default `peekGates`. It does not change
  /// between steps: the vector decoder writes it first in the step as it
  /// reads, and s2s-hoist-invariant-projections hoists it out of the loop;
  /// the token decoders compute it before the loop.
  void emitPeekProjection(mlir::Value into = {});
  /// The row block of the ping-pong states that step s writes.
  mlir::Value nextBlock(mlir::Value s);
  /// The first `rows` rows of a per-row buffer of the stack.
  mlir::Value firstRows(mlir::Value buffer, mlir::Value rows);
  /// One step of the stack on the fed-back input `y`; returns the top
  /// layer's new h. Runs on the first `rows` rows of the batch (the
  /// sequences still running, compacted to the front). With `inputReady`,
  /// layer 0's gate inputs are in `gates` already (folded projection) and
  /// `y` is not read.
  mlir::Value step(mlir::Value s, mlir::Value rows, mlir::Value y, bool inputReady = false);

  /// The step-wise API: the first `rows` rows of row block `block` into the
  /// state's rows (NAME_encode with `initial`: the context and its share of
  /// the gates too), and back into block 0 and the peek gates.
  void storeState(mlir::Value state, mlir::Value block, mlir::Value rows, bool initial);
  void loadState(mlir::Value state, mlir::Value rows);

  ModelLowering *lowering;
  DecoderConfig config;
  mlir::SmallVector<Layer> layers;
  mlir::Value context;
  mlir::Value contextWeight; // peek: W_c^T (concat) or W_ih^T (add); else null
  mlir::SmallVector<mlir::Value> h, c;
  /// LstmStep's per-row step bound: `steps` for every row (the token
  /// decoder drops ended rows from the batch instead).
  mlir::Value gates, peekGates, limit;
  /// Rows of every per-row buffer (of each block of h and c).
  mlir::Value capacity;
  int64_t hidden = 0;
  GateActivation gateActivation = GateActivation::Sigmoid;
};

} // namespace s2s

#endif
