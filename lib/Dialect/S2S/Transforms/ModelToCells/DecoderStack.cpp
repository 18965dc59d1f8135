//===- DecoderStack.cpp - A decoder's LSTM stack, step by step --*- C++ -*-===//
#include "DecoderStack.h"

using namespace mlir;
using namespace s2s;

FailureOr<DecoderStack> DecoderStack::build(ModelLowering &lowering, const DecoderConfig &config,
                                            int64_t feedback, Value steps, Value capacity) {
  HostBuilder &b = lowering.b;
  DecoderStack stack;
  stack.lowering = &lowering;
  stack.config = config;
  stack.capacity = capacity ? capacity : lowering.batch;
  stack.gateActivation = config.gateActivation;
  stack.context = lowering.memrefOf.lookup(config.context);
  stack.hidden = dimOf(config.layers[1], 1);
  const int64_t splitAt = config.peek == Peek::Concat ? feedback : -1;
  for (size_t l = 0; l < config.layers.size() / 3; ++l) {
    std::string p = ("decoder_l" + Twine(l)).str();
    bool split = l == 0 && splitAt >= 0;
    ValueRange w = config.layers.slice(3 * l, 3);
    auto layer = lowering.lstmWeights(w, p, split ? splitAt : -1);
    if (failed(layer))
      return failure();
    if (split) {
      auto wC = lowering.weight(w[0], p + "_w_ih_context_t", true, splitAt, -1, WeightRows::Gates);
      if (failed(wC))
        return failure();
      stack.contextWeight = *wC;
    }
    stack.layers.push_back(*layer);
  }
  if (config.peek == Peek::Add)
    stack.contextWeight = stack.layers[0].wIhT; // W (y + C) = W y + W C
  Value batch = lowering.batch, rows = stack.capacity;
  stack.gates = lowering.alloc(lowering.f32, 4 * stack.hidden, rows);
  if (stack.contextWeight)
    stack.peekGates = lowering.alloc(lowering.f32, 4 * stack.hidden, rows);

  ArrayRef<Value> initH = lowering.layersOf[config.initH], initC = lowering.layersOf[config.initC];
  for (size_t l = 0; l < stack.layers.size(); ++l) {
    Value twoBlocks = b.mul(rows, b.index(2));
    Value h = lowering.alloc(lowering.f32, stack.hidden, twoBlocks);
    Value c = lowering.alloc(lowering.f32, stack.hidden, twoBlocks);
    if (config.initState == InitState::Zeros) {
      lowering.fill2D(h, batch, b.f32(0));
      lowering.fill2D(c, batch, b.f32(0));
    } else {
      bool top = config.initState == InitState::Top;
      lowering.copy2D(top ? initH.back() : initH[l], h, batch);
      lowering.copy2D(top ? initC.back() : initC[l], c, batch);
    }
    stack.h.push_back(h);
    stack.c.push_back(c);
  }
  stack.limit = lowering.alloc1D(lowering.i32, rows);
  Value stepsI32 = b.toI32(steps);
  b.forLoop(rows, [&](Value r) { b.store(stepsI32, stack.limit, {r}); });
  return stack;
}

void DecoderStack::emitPeekProjection(Value into) {
  if (contextWeight)
    lowering->b.create<SeqMatmulOp>(context, contextWeight, layers[0].bias,
                                    into ? into : peekGates, Activation::Linear);
}

Value DecoderStack::nextBlock(Value s) {
  HostBuilder &b = lowering->b;
  Value parity = b.create<arith::RemUIOp>(s, b.index(2));
  return b.mul(b.sub(b.index(1), parity), capacity);
}

Value DecoderStack::firstRows(Value buffer, Value rows) {
  return rows == capacity ? buffer : lowering->b.rows(buffer, lowering->b.index(0), rows);
}

Value DecoderStack::step(Value s, Value rows, Value y, bool inputReady) {
  HostBuilder &b = lowering->b;
  Value cur = b.mul(b.create<arith::RemUIOp>(s, b.index(2)), capacity);
  Value next = nextBlock(s);
  auto running = [&](Value buffer) { return firstRows(buffer, rows); };
  Value input = y ? running(y) : y;
  Value stepGates = running(gates);
  for (size_t l = 0; l < layers.size(); ++l) {
    const Layer &layer = layers[l];
    if (l == 0 && inputReady) {
      // gates holds W_ih y + b already.
    } else if (l == 0 && contextWeight) {
      b.create<SeqMatmulAddOp>(input, layer.wIhT, running(peekGates), stepGates);
    } else {
      b.create<SeqMatmulOp>(input, layer.wIhT, layer.bias, stepGates, Activation::Linear);
    }
    Value hNext = b.rows(h[l], next, rows);
    b.create<LstmStepOp>(stepGates, layer.wHhT, b.rows(h[l], cur, rows), b.rows(c[l], cur, rows),
                         running(limit), b.toI32(s), hNext, b.rows(c[l], next, rows),
                         gateActivation);
    input = hNext;
  }
  return input;
}

StateLayout StateLayout::of(const DecoderConfig &config) {
  StateLayout layout;
  layout.layers = config.layers.size() / 3;
  layout.hidden = dimOf(config.layers[1], 1);
  layout.context = dimOf(config.context, 1);
  layout.peek = config.peek != Peek::None;
  return layout;
}

void DecoderStack::storeState(Value state, Value block, Value rows, bool initial) {
  ModelLowering &l = *lowering;
  StateLayout layout = StateLayout::of(config);
  for (size_t i = 0; i < layers.size(); ++i) {
    l.copyColumns(l.b.rows(h[i], block, rows), 0, state, layout.h(i), hidden, rows);
    l.copyColumns(l.b.rows(c[i], block, rows), 0, state, layout.c(i), hidden, rows);
  }
  if (!initial)
    return;
  l.copyColumns(context, 0, state, layout.contextColumn(), layout.context, rows);
  if (contextWeight)
    l.copyColumns(peekGates, 0, state, layout.peekColumn(), 4 * hidden, rows);
}

void DecoderStack::loadState(Value state, Value rows) {
  ModelLowering &l = *lowering;
  StateLayout layout = StateLayout::of(config);
  for (size_t i = 0; i < layers.size(); ++i) {
    l.copyColumns(state, layout.h(i), h[i], 0, hidden, rows);
    l.copyColumns(state, layout.c(i), c[i], 0, hidden, rows);
  }
  if (contextWeight)
    l.copyColumns(state, layout.peekColumn(), peekGates, 0, 4 * hidden, rows);
}
