//===- VectorDecoderPattern.cpp - The vector decoder to cells ---*- C++ -*-===//
///
/// `for s < min(steps, max_length)`: the LSTM stack (DecoderStack) on the
/// fed-back vector, then y_t = act(W_out h_t + b_out), which is both the
/// step's output and the next step's input. Every row runs every step.
///
//===----------------------------------------------------------------------===//
#include "DecoderStack.h"

using namespace mlir;
using namespace s2s;

namespace {

struct LowerVectorDecoder : ModelOpLowering<VectorDecoderOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(VectorDecoderOp decoder, PatternRewriter &) const override;
};

LogicalResult LowerVectorDecoder::matchAndRewrite(VectorDecoderOp decoder,
                                                  PatternRewriter &) const {
  ModelLowering &l = lowering;
  HostBuilder &b = l.b;
  b.setLoc(decoder.getLoc());
  Value out = l.outputs[0], batch = l.batch;
  int64_t dim = dimOf(decoder.getWOut(), 0);
  Value outSteps = b.dim(out, 1);
  Value steps = b.minIndex(outSteps, b.index(decoder.getMaxLengthAttr().getInt()));
  auto stack = DecoderStack::build(l, DecoderConfig::of(decoder), dim, steps);
  if (failed(stack))
    return failure();
  auto readout = l.readout(decoder.getWOut(), decoder.getBOut());
  if (failed(readout))
    return failure();
  Value y = l.alloc(l.f32, dim, batch);
  if (decoder.getFirstInput() == FirstInput::Context)
    l.copy2D(stack->context, y, batch);
  else
    l.fill2D(y, batch, b.f32(0));
  b.forLoop(steps, [&](Value s) {
    stack->emitPeekProjection();
    Value top = stack->step(s, batch, y);
    b.create<SeqMatmulOp>(top, readout->wOutT, readout->bOut, y, decoder.getActivationAttr());
    b.forLoop(batch, [&](Value r) {
      b.forLoop(b.index(dim), [&](Value d) { b.store(b.load(y, {r, d}), out, {r, s, d}); });
    });
  });
  // Steps past max_length are zero.
  b.forLoop(batch, [&](Value r) {
    b.forLoop(steps, outSteps, [&](Value s) {
      b.forLoop(b.index(dim), [&](Value d) { b.store(b.f32(0), out, {r, s, d}); });
    });
  });
  return success();
}

} // namespace

void s2s::populateVectorDecoderLowering(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerVectorDecoder>(patterns.getContext(), lowering);
}
