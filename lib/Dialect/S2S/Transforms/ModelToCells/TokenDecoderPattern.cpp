//===- TokenDecoderPattern.cpp - The greedy token decoder to cells -*- C++ -*-===//
///
/// `for s < min(max_out, max_length)`: gather the fed-back tokens, per layer
/// one seq_matmul and one lstm_step (DecoderStack), then project_argmax, all
/// on the sequences still running: they are kept compacted in the first
/// rows of every per-row buffer, and one that emits EOS leaves them, so
/// ended sequences cost nothing in later steps. Once every sequence has
/// ended, the remaining iterations do nothing. What is fed back (and the
/// folded input projection) is TokenFeedback.h's.
///
//===----------------------------------------------------------------------===//
#include "TokenFeedback.h"

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;

namespace {

struct LowerTokenDecoder : ModelOpLowering<GreedyDecoderOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(GreedyDecoderOp decoder, PatternRewriter &) const override;
};

LogicalResult LowerTokenDecoder::matchAndRewrite(GreedyDecoderOp decoder, PatternRewriter &) const {
  ModelLowering &l = lowering;
  HostBuilder &b = l.b;
  b.setLoc(decoder.getLoc());
  Value out = l.outputs[0], outLen = l.outputs[1], logits = l.outputs[2];
  Value wantLogits = l.outputs[3];
  Value batch = l.batch;
  Value embeddingTensor = decoder.getEmbedding()[0];
  int64_t embed = dimOf(embeddingTensor, 1);
  Value maxOut = b.dim(out, 1);
  Value steps = b.minIndex(maxOut, b.index(decoder.getMaxLengthAttr().getInt()));
  auto built = DecoderStack::build(l, DecoderConfig::of(decoder), embed, steps);
  if (failed(built))
    return failure();
  DecoderStack &stack = *built;
  auto fed = TokenFeedback::build(l, stack, embeddingTensor, decoder.getReadout(),
                                  decoder.getFirstInput());
  if (failed(fed))
    return failure();
  TokenFeedback &feed = *fed;
  const int64_t vocab = feed.vocab;

  Value eos = b.i32(decoder.getEosAttr().getInt());
  // The sequences still running are compacted into the first `active` rows
  // of every per-row decoder buffer: slot i holds sequence rowOf[i]; a
  // sequence that emits EOS leaves, and the later slots move up, so the
  // kernels of later steps never see it.
  Value active = l.allocCell(b.getIndexType());
  b.store(batch, active, {b.index(0)});
  Value rowOf = l.alloc1D(l.i32, batch);
  b.forLoop(batch, [&](Value r) { b.store(b.toI32(r), rowOf, {r}); });
  Value length = l.alloc1D(l.i32, batch); // per sequence: its output length
  Value stepsI32 = b.toI32(steps);
  b.forLoop(batch, [&](Value r) { b.store(stepsI32, length, {r}); });
  Value feedback = l.alloc1D(l.i32, batch);
  Value stepLogits = l.alloc(l.f32, vocab, batch);
  Value tokens = l.alloc1D(l.i32, batch);
  Value peekGates = stack.peekGates;
  // Copies slot `from`'s running state to slot `to` (to < from): the state
  // step s wrote, the token fed back and, with peek, the context's share of
  // the gates.
  auto moveSlot = [&](Value s, Value from, Value to) {
    Value next = stack.nextBlock(s);
    auto moveRow = [&](Value buffer, Value offset) {
      b.forLoop(b.index(dimOf(buffer, 1)), [&](Value c) {
        b.store(b.load(buffer, {b.add(offset, from), c}), buffer, {b.add(offset, to), c});
      });
    };
    for (size_t i = 0; i < stack.layers.size(); ++i) {
      moveRow(stack.h[i], next);
      moveRow(stack.c[i], next);
    }
    if (stack.contextWeight)
      moveRow(peekGates, b.index(0));
    b.store(b.load(feedback, {from}), feedback, {to});
    b.store(b.load(rowOf, {from}), rowOf, {to});
  };
  // The context's share is computed once, before the loop: its rows then
  // move with their sequences (and, folded, step 0's input needs it).
  stack.emitPeekProjection();
  feed.emitFirstInput(feedback, batch, decoder.getBosAttr().getInt());
  Value kept = l.allocCell(b.getIndexType());
  b.forLoop(steps, [&](Value s) {
    Value rows = b.load(active, {b.index(0)});
    // Once every sequence has ended, the remaining steps do nothing (the
    // loop bound is the caller's max_out).
    b.ifThen(b.cmp(CmpIPredicate::ne, rows, b.index(0)), [&] {
      Value top = stack.step(s, rows, feed.y, feed.inputReady());
      Value zero = b.index(0);
      b.create<ProjectArgmaxOp>(top, feed.wOutT, feed.bOut, l.firstRows(stepLogits, rows),
                                l.firstRows(tokens, rows));
      // Greedy bookkeeping, then the running sequences move up.
      Value next = b.add(b.toI32(s), b.i32(1));
      b.store(zero, kept, {zero});
      b.forLoop(rows, [&](Value i) {
        Value r = b.toIndex(b.load(rowOf, {i}));
        Value token = b.load(tokens, {i});
        b.store(token, out, {r, s});
        b.store(token, feedback, {i});
        b.ifThen(wantLogits, [&] {
          b.forLoop(b.index(vocab), [&](Value v) {
            b.store(b.load(stepLogits, {i, v}), logits, {r, s, v});
          });
        });
        Value to = b.load(kept, {zero});
        b.ifThen(b.cmp(CmpIPredicate::eq, token, eos), [&] { b.store(next, length, {r}); });
        b.ifThen(b.cmp(CmpIPredicate::ne, token, eos), [&] {
          b.ifThen(b.cmp(CmpIPredicate::ne, to, i), [&] { moveSlot(s, i, to); });
          b.store(b.add(to, b.index(1)), kept, {zero});
        });
      });
      Value running = b.load(kept, {zero});
      b.store(running, active, {zero});
      // The next step's input, from the tokens just chosen.
      b.ifThen(b.cmp(CmpIPredicate::ne, running, zero), [&] { feed.gather(feedback, running); });
    });
  });
  // Lengths, then EOS padding and zero scores past each sequence's end.
  b.forLoop(batch, [&](Value r) {
    Value n = b.load(length, {r});
    b.store(n, outLen, {r});
    b.forLoop(b.toIndex(n), maxOut, [&](Value s) {
      b.store(eos, out, {r, s});
      b.ifThen(wantLogits, [&] {
        b.forLoop(b.index(vocab), [&](Value v) { b.store(b.f32(0), logits, {r, s, v}); });
      });
    });
  });
  return success();
}

} // namespace

void s2s::populateTokenDecoderLowering(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerTokenDecoder>(patterns.getContext(), lowering);
}
