//===- TokenFeedback.cpp - What token decoders feed back to layer 0 -*- C++ -*-===//
#include "TokenFeedback.h"
#include "WeightPacking.h"

using namespace mlir;
using namespace s2s;

FailureOr<TokenFeedback> TokenFeedback::build(ModelLowering &l, DecoderStack &stack,
                                              Value embedding, ValueRange readout,
                                              FirstInput first) {
  HostBuilder &b = l.b;
  TokenFeedback feed;
  feed.lowering = &l;
  feed.stack = &stack;
  feed.first = first;
  feed.vocab = dimOf(embedding, 0);
  const int64_t embed = dimOf(embedding, 1);
  feed.fold = worthFoldingInputProjection(feed.vocab, embed, 4 * stack.hidden);
  auto table = l.weight(embedding, "target_embedding", false);
  if (failed(table))
    return failure();
  feed.table = *table;
  if (feed.fold) {
    // With peek the bias is in peekGates instead.
    Value bias = stack.contextWeight ? Value() : stack.layers[0].bias;
    auto type = MemRefType::get({feed.vocab, 4 * stack.hidden}, l.f32);
    feed.table = b.create<FoldInputProjectionOp>(type, l.symbol("decoder_l0_input_table"),
                                                 feed.table, stack.layers[0].wIhT, bias);
  }
  auto out = l.readout(readout[0], readout[1]);
  if (failed(out))
    return failure();
  feed.wOutT = out->wOutT;
  feed.bOut = out->bOut;
  if (!feed.fold || first != FirstInput::Bos)
    feed.y = l.alloc(l.f32, embed, stack.capacity);
  return feed;
}

void TokenFeedback::gather(Value tokens, Value rows) {
  HostBuilder &b = lowering->b;
  Value gates = stack->gates, peekGates = stack->peekGates;
  b.create<GatherOp>(stack->firstRows(tokens, rows), table,
                     stack->firstRows(fold ? gates : y, rows));
  if (fold && stack->contextWeight)
    b.forLoop(rows, [&](Value r) {
      b.forLoop(b.index(dimOf(gates, 1)), [&](Value c) {
        Value sum = b.create<arith::AddFOp>(b.load(gates, {r, c}), b.load(peekGates, {r, c}));
        b.store(sum, gates, {r, c});
      });
    });
}

void TokenFeedback::emitFirstInput(Value tokens, Value rows, int64_t bos) {
  HostBuilder &b = lowering->b;
  if (first == FirstInput::Bos) {
    b.forLoop(rows, [&](Value r) { b.store(b.i32(bos), tokens, {r}); });
    gather(tokens, rows);
    return;
  }
  Value firstY = stack->firstRows(y, rows);
  if (first == FirstInput::Context)
    lowering->copy2D(stack->context, firstY, rows);
  else
    lowering->fill2D(firstY, rows, b.f32(0));
  // Step 0's input is no token: folded, its projection is computed here.
  const DecoderStack::Layer &layer0 = stack->layers[0];
  Value gates = stack->firstRows(stack->gates, rows);
  if (fold && stack->contextWeight)
    b.create<SeqMatmulAddOp>(firstY, layer0.wIhT, stack->firstRows(stack->peekGates, rows), gates);
  else if (fold)
    b.create<SeqMatmulOp>(firstY, layer0.wIhT, layer0.bias, gates, Activation::Linear);
}
