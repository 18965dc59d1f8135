//===- StepwisePatterns.cpp - The step-wise API's host functions -*- C++ -*-===//
///
/// SPEC.md's step-wise API runs the decoder one step per call on a state
/// the caller holds (a row of StateLayout per sequence). Two host functions
/// besides NAME_translate_impl, lowered from the same model function:
///
/// - NAME_encode_impl(src, src_len, state): the encoder patterns, then the
///   decoder's initial state (init_state), the context and with peek its
///   share of the gates into the state's first `batch` rows.
/// - NAME_step_impl(state, prev, has_prev, out): one decoder step of every
///   row of `state`, on exactly the kernels and buffers' contents the
///   decoder's own pattern uses (DecoderStack, TokenFeedback), so that a
///   caller's loop reproduces NAME_translate: the fed-back input (`prev`,
///   or first_input when `has_prev` is false), the stack, then the logits
///   (token models: project_argmax's for greedy search, the beam search's
///   seq_matmul for beam) or the output vector.
///
//===----------------------------------------------------------------------===//
#include "TokenFeedback.h"

using namespace mlir;
using namespace s2s;

namespace {

/// Columns of the fed-back input: the target embedding's, or the output's.
int64_t feedbackColumns(GreedyDecoderOp op) { return dimOf(op.getEmbedding()[0], 1); }
int64_t feedbackColumns(BeamDecoderOp op) { return dimOf(op.getEmbedding()[0], 1); }
int64_t feedbackColumns(VectorDecoderOp op) { return dimOf(op.getWOut(), 0); }

/// NAME_encode_impl: the decoder's state after the encoder, into the state.
template <typename Op> struct LowerDecoderInit : ModelOpLowering<Op> {
  using ModelOpLowering<Op>::ModelOpLowering;
  LogicalResult matchAndRewrite(Op decoder, PatternRewriter &) const override {
    ModelLowering &l = this->lowering;
    l.b.setLoc(decoder.getLoc());
    auto stack =
        DecoderStack::build(l, DecoderConfig::of(decoder), feedbackColumns(decoder), l.b.index(1));
    if (failed(stack))
      return failure();
    stack->emitPeekProjection();
    stack->storeState(l.outputs[0], l.b.index(0), l.batch, /*initial=*/true);
    return success();
  }
};

/// What a step reads of the state before its stack is built: the rows of
/// the call and the context. The stack's initial h and c come from the
/// state instead of init_state (DecoderStack::loadState).
DecoderConfig loadContext(ModelLowering &l, DecoderConfig config) {
  Value state = l.outputs[0];
  StateLayout layout = StateLayout::of(config);
  l.batch = l.b.dim(state, 0);
  Value context = l.alloc(l.f32, layout.context, l.batch);
  l.copyColumns(state, layout.contextColumn(), context, 0, layout.context, l.batch);
  l.memrefOf[config.context] = context;
  config.initState = InitState::Zeros;
  return config;
}

/// NAME_step_impl(state, prev tokens, has_prev, logits) of a token decoder.
template <typename Op> struct LowerTokenStep : ModelOpLowering<Op> {
  using ModelOpLowering<Op>::ModelOpLowering;
  LogicalResult matchAndRewrite(Op decoder, PatternRewriter &) const override {
    ModelLowering &l = this->lowering;
    HostBuilder &b = l.b;
    b.setLoc(decoder.getLoc());
    Value state = l.outputs[0], prev = l.outputs[1], hasPrev = l.outputs[2];
    Value logits = l.outputs[3];
    DecoderConfig config = loadContext(l, DecoderConfig::of(decoder));
    Value embedding = decoder.getEmbedding()[0];
    auto stack = DecoderStack::build(l, config, dimOf(embedding, 1), b.index(1));
    if (failed(stack))
      return failure();
    auto feed =
        TokenFeedback::build(l, *stack, embedding, decoder.getReadout(), decoder.getFirstInput());
    if (failed(feed))
      return failure();
    Value rows = l.batch, zero = b.index(0);
    Value tokens = l.alloc1D(l.i32, rows);
    stack->loadState(state, rows);
    b.ifThen(hasPrev, [&] { feed->gather(prev, rows); });
    b.ifThen(b.logicalNot(hasPrev),
             [&] { feed->emitFirstInput(tokens, rows, decoder.getBosAttr().getInt()); });
    Value top = stack->step(zero, rows, feed->y, feed->inputReady());
    // The logits as the model's search computes them.
    if (std::is_same<Op, BeamDecoderOp>::value)
      b.create<SeqMatmulOp>(top, feed->wOutT, feed->bOut, logits, Activation::Linear);
    else
      b.create<ProjectArgmaxOp>(top, feed->wOutT, feed->bOut, logits, tokens);
    stack->storeState(state, stack->nextBlock(zero), rows, /*initial=*/false);
    return success();
  }
};

/// NAME_step_impl(state, prev vectors, has_prev, out) of the vector decoder.
struct LowerVectorStep : ModelOpLowering<VectorDecoderOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(VectorDecoderOp decoder, PatternRewriter &) const override {
    ModelLowering &l = lowering;
    HostBuilder &b = l.b;
    b.setLoc(decoder.getLoc());
    Value state = l.outputs[0], prev = l.outputs[1], hasPrev = l.outputs[2], out = l.outputs[3];
    DecoderConfig config = loadContext(l, DecoderConfig::of(decoder));
    int64_t dim = feedbackColumns(decoder);
    auto stack = DecoderStack::build(l, config, dim, b.index(1));
    if (failed(stack))
      return failure();
    auto readout = l.readout(decoder.getWOut(), decoder.getBOut());
    if (failed(readout))
      return failure();
    Value rows = l.batch, zero = b.index(0);
    Value y = l.alloc(l.f32, dim, rows);
    stack->loadState(state, rows);
    b.ifThen(hasPrev, [&] { l.copy2D(prev, y, rows); });
    b.ifThen(b.logicalNot(hasPrev), [&] {
      if (decoder.getFirstInput() == FirstInput::Context)
        l.copy2D(stack->context, y, rows);
      else
        l.fill2D(y, rows, b.f32(0));
    });
    Value top = stack->step(zero, rows, y);
    b.create<SeqMatmulOp>(top, readout->wOutT, readout->bOut, out, decoder.getActivationAttr());
    stack->storeState(state, stack->nextBlock(zero), rows, /*initial=*/false);
    return success();
  }
};

} // namespace

void s2s::populateDecoderInitLowerings(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerDecoderInit<GreedyDecoderOp>, LowerDecoderInit<BeamDecoderOp>,
               LowerDecoderInit<VectorDecoderOp>>(patterns.getContext(), lowering);
}

void s2s::populateDecoderStepLowerings(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerTokenStep<GreedyDecoderOp>, LowerTokenStep<BeamDecoderOp>, LowerVectorStep>(
      patterns.getContext(), lowering);
}
