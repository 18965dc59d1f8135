//===- BeamDecoderPattern.cpp - Beam search over tokens to cells -*- C++ -*-===//
///
/// SEMANTICS.md 4. The live hypotheses of every sequence step together as
/// one batch of at most K·B rows of the decoder stack (DecoderStack, each
/// weight read once per step for all of them), kept compacted and in
/// sequence order: slot i holds a hypothesis of sequence rowOf[i], and a
/// sequence's hypotheses are consecutive, in live-set order. Per step:
///
///   stack step -> logits (seq_matmul) -> log_softmax_top_k: each
///   hypothesis's M = min(K + 1, V) best tokens with their log-probabilities
///   (no more can be among a sequence's first K non-EOS candidates plus its
///   EOS ones: each hypothesis has one EOS candidate).
///
/// Host code then merges each sequence's candidates in the search's order
/// (score S_b + l_b[v] descending, then b·V + v), sends EOS candidates of
/// rank < K to the finished set and keeps the first K others; the kept
/// hypotheses' states are gathered from their parents' (back-pointers) into
/// the next step's rows. Each new hypothesis records its token and parent
/// slot, so a finished one's tokens are read back through the parents.
/// Finally each sequence's finished set is ranked by S / lp(L) (then finish
/// step, then rank in that step) into the caller's n_best rows.
///
//===----------------------------------------------------------------------===//
#include "TokenFeedback.h"

#include <cmath>

using namespace mlir;
using namespace s2s;
using arith::CmpFPredicate;
using arith::CmpIPredicate;

namespace {

struct LowerBeamDecoder : ModelOpLowering<BeamDecoderOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(BeamDecoderOp decoder, PatternRewriter &) const override;
};

/// lp(L) for L = 1..maxLength (SEMANTICS.md 4), computed here in double.
SmallVector<float> lengthPenalties(LengthPenalty kind, double alpha, int64_t maxLength) {
  SmallVector<float> table;
  for (int64_t length = 1; length <= maxLength; ++length) {
    double lp = 1;
    if (kind == LengthPenalty::Avg)
      lp = std::pow(double(length), alpha);
    else if (kind == LengthPenalty::Gnmt)
      lp = std::pow((5.0 + double(length)) / 6.0, alpha);
    table.push_back(float(lp));
  }
  return table;
}

LogicalResult LowerBeamDecoder::matchAndRewrite(BeamDecoderOp decoder, PatternRewriter &) const {
  ModelLowering &l = lowering;
  HostBuilder &b = l.b;
  b.setLoc(decoder.getLoc());
  Value outTokens = l.outputs[0], outLengths = l.outputs[1], outScores = l.outputs[2];
  Value wantScores = l.outputs[3];
  Value batch = l.batch;
  Value embeddingTensor = decoder.getEmbedding()[0];
  const int64_t vocab = dimOf(embeddingTensor, 0), embed = dimOf(embeddingTensor, 1);
  const int64_t width = decoder.getBeamWidth();
  const int64_t candidates = std::min(width + 1, vocab);
  const int64_t finishedPerRow = 2 * width; // at most K - 1 before a step, K in it
  Value maxOut = b.dim(outTokens, 2), nBest = b.dim(outTokens, 1);
  Value steps = b.minIndex(maxOut, b.index(decoder.getMaxLengthAttr().getInt()));
  Value capacity = b.mul(batch, b.index(width));
  auto built = DecoderStack::build(l, DecoderConfig::of(decoder), embed, steps, capacity);
  if (failed(built))
    return failure();
  DecoderStack &stack = *built;
  auto fed = TokenFeedback::build(l, stack, embeddingTensor, decoder.getReadout(),
                                  decoder.getFirstInput());
  if (failed(fed))
    return failure();
  TokenFeedback &feed = *fed;
  // lp(L) for every length the search can reach, read when ranking.
  const LengthPenalty penalty = decoder.getLengthPenalty();
  Value penalties;
  if (penalty != LengthPenalty::None) {
    int64_t maxLength = decoder.getMaxLengthAttr().getInt();
    auto type = RankedTensorType::get({maxLength}, l.f32);
    auto values = DenseElementsAttr::get(
        type, llvm::makeArrayRef(lengthPenalties(penalty, decoder.getAlpha().convertToDouble(),
                                                 maxLength)));
    penalties = b.create<WeightOp>(MemRefType::get({maxLength}, l.f32),
                                   b.getStringAttr(l.symbol("length_penalty")), values, UnitAttr(),
                                   WeightRowsAttr::get(b.getContext(), WeightRows::Plain),
                                   b.getI64IntegerAttr(0), b.getI64IntegerAttr(-1));
  }

  Type i32 = l.i32, f32 = l.f32;
  Value zero = b.index(0), one = b.index(1);
  Value eos = b.i32(decoder.getEosAttr().getInt());
  auto cell = [&](Type type, Value init) {
    Value c = l.allocCell(type);
    b.store(init, c, {zero});
    return c;
  };
  auto get = [&](Value c) { return b.load(c, {zero}); };
  auto set = [&](Value c, Value v) { b.store(v, c, {zero}); };

  // The live set: `live` slots, per slot its sequence, score S and the
  // token it feeds back; per sequence, how many slots it has.
  Value live = cell(b.getIndexType(), batch);
  Value rowOf = l.alloc1D(i32, capacity), score = l.alloc1D(f32, capacity);
  Value feedback = l.alloc1D(i32, capacity), liveCount = l.alloc1D(i32, batch);
  Value done = l.alloc1D(i32, batch);
  b.forLoop(batch, [&](Value r) {
    b.store(b.toI32(r), rowOf, {r});
    b.store(b.f32(0), score, {r});
    b.store(b.i32(1), liveCount, {r});
    b.store(b.i32(0), done, {r});
  });
  // The next live set while it is chosen: sequence, score, token, parent
  // slot and rank in the step's candidate order of each new slot.
  Value nextRow = l.alloc1D(i32, capacity), nextScore = l.alloc1D(f32, capacity);
  Value nextToken = l.alloc1D(i32, capacity), parent = l.alloc1D(i32, capacity);
  Value nextRank = l.alloc1D(i32, capacity);
  // The history: the token and parent slot of slot i created at step s, at
  // s * capacity + i.
  Value historySize = b.mul(steps, capacity);
  Value tokenAt = l.alloc1D(i32, historySize), parentAt = l.alloc1D(i32, historySize);
  // The finished set, finishedPerRow entries per sequence: score S, the
  // step it finished in (its length is step + 1), its rank in that step,
  // the parent slot (created at step - 1) and the last token; `taken` marks
  // the ones ranked already.
  Value finishedSize = b.mul(batch, b.index(finishedPerRow));
  Value finCount = l.alloc1D(i32, batch);
  b.forLoop(batch, [&](Value r) { b.store(b.i32(0), finCount, {r}); });
  Value finScore = l.alloc1D(f32, finishedSize), finStep = l.alloc1D(i32, finishedSize);
  Value finRank = l.alloc1D(i32, finishedSize), finParent = l.alloc1D(i32, finishedSize);
  Value finToken = l.alloc1D(i32, finishedSize), taken = l.alloc1D(i32, finishedSize);
  // Per slot: how many of its candidates the merge has taken.
  Value cursor = l.alloc1D(i32, capacity);
  Value stepLogits = l.alloc(f32, vocab, capacity);
  Value candScores = l.alloc(f32, candidates, capacity);
  Value candTokens = l.alloc(i32, candidates, capacity);

  // With peek the context's share is computed per sequence once and
  // gathered to each hypothesis's row every step.
  Value contextGates, peekGates = stack.peekGates;
  if (stack.contextWeight) {
    contextGates = l.alloc(f32, 4 * stack.hidden, batch);
    stack.emitPeekProjection(contextGates);
  }
  auto gatherPeek = [&](Value rows) {
    if (!contextGates)
      return;
    b.forLoop(rows, [&](Value i) {
      Value r = b.toIndex(b.load(rowOf, {i}));
      b.forLoop(b.index(4 * stack.hidden), [&](Value c) {
        b.store(b.load(contextGates, {r, c}), peekGates, {i, c});
      });
    });
  };
  gatherPeek(batch);
  feed.emitFirstInput(feedback, batch, decoder.getBosAttr().getInt());

  // Adds the candidate (slot `from`'s parent, `token`) of step s to
  // sequence r's finished set.
  auto finish = [&](Value r, Value s, Value sc, Value rank, Value from, Value token) {
    Value at = b.add(b.mul(r, b.index(finishedPerRow)), b.toIndex(b.load(finCount, {r})));
    b.store(sc, finScore, {at});
    b.store(b.toI32(s), finStep, {at});
    b.store(rank, finRank, {at});
    b.store(from, finParent, {at});
    b.store(token, finToken, {at});
    b.store(b.add(b.load(finCount, {r}), b.i32(1)), finCount, {r});
  };
  auto orI = [&](Value a, Value c) { return b.create<arith::OrIOp>(a, c).getResult(); };
  auto andI = [&](Value a, Value c) { return b.create<arith::AndIOp>(a, c).getResult(); };

  Value nextLive = cell(b.getIndexType(), zero);
  Value base = cell(b.getIndexType(), zero); // a sequence's first slot
  Value bestSlot = cell(i32, b.i32(-1)), bestScore = cell(f32, b.f32(0));
  Value bestToken = cell(i32, b.i32(0));
  Value rank = cell(i32, b.i32(0)), kept = cell(i32, b.i32(0));
  b.forLoop(steps, [&](Value s) {
    Value rows = get(live);
    b.ifThen(b.cmp(CmpIPredicate::ne, rows, zero), [&] {
      // One step of every live hypothesis, then its candidates.
      Value top = stack.step(zero, rows, feed.y, feed.inputReady());
      b.create<SeqMatmulOp>(top, feed.wOutT, feed.bOut, stack.firstRows(stepLogits, rows),
                            Activation::Linear);
      b.create<LogSoftmaxTopKOp>(stack.firstRows(stepLogits, rows),
                                 stack.firstRows(candScores, rows),
                                 stack.firstRows(candTokens, rows));
      Value last = b.cmp(CmpIPredicate::eq, b.add(s, one), steps);
      set(nextLive, zero);
      set(base, zero);
      b.forLoop(batch, [&](Value r) {
        Value count = b.toIndex(b.load(liveCount, {r}));
        b.ifThen(b.cmp(CmpIPredicate::eq, b.load(done, {r}), b.i32(0)), [&] {
          Value firstSlot = get(base);
          b.forLoop(count, [&](Value j) { b.store(b.i32(0), cursor, {b.add(firstSlot, j)}); });
          set(rank, b.i32(0));
          set(kept, b.i32(0));
          Value keptStart = get(nextLive);
          // Each round takes the best remaining candidate: at most K kept
          // plus one EOS per hypothesis.
          b.forLoop(b.index(2 * width), [&](Value) {
            b.ifThen(b.cmp(CmpIPredicate::slt, get(kept), b.i32(width)), [&] {
              set(bestSlot, b.i32(-1));
              b.forLoop(count, [&](Value j) {
                Value slot = b.add(firstSlot, j);
                Value c = b.toIndex(b.load(cursor, {slot}));
                b.ifThen(b.cmp(CmpIPredicate::ult, c, b.index(candidates)), [&] {
                  Value token = b.load(candTokens, {slot, c});
                  b.ifThen(b.cmp(CmpIPredicate::sge, token, b.i32(0)), [&] {
                    Value sc = b.create<arith::AddFOp>(b.load(score, {slot}),
                                                       b.load(candScores, {slot, c}));
                    // Ties by b·V + v: each hypothesis offers one candidate
                    // per round, so by the hypothesis (its slot) alone.
                    Value old = get(bestScore);
                    Value better = orI(
                        b.cmp(CmpIPredicate::slt, get(bestSlot), b.i32(0)),
                        orI(b.create<arith::CmpFOp>(CmpFPredicate::OGT, sc, old),
                            andI(b.create<arith::CmpFOp>(CmpFPredicate::OEQ, sc, old),
                                 b.cmp(CmpIPredicate::slt, b.toI32(slot), get(bestSlot)))));
                    b.ifThen(better, [&] {
                      set(bestSlot, b.toI32(slot));
                      set(bestScore, sc);
                      set(bestToken, token);
                    });
                  });
                });
              });
              Value from = get(bestSlot);
              b.ifThen(b.cmp(CmpIPredicate::sge, from, b.i32(0)), [&] {
                Value fromIdx = b.toIndex(from);
                b.store(b.add(b.load(cursor, {fromIdx}), b.i32(1)), cursor, {fromIdx});
                Value token = get(bestToken), sc = get(bestScore), k = get(rank);
                Value isEos = b.cmp(CmpIPredicate::eq, token, eos);
                b.ifThen(andI(isEos, b.cmp(CmpIPredicate::slt, k, b.i32(width))),
                         [&] { finish(r, s, sc, k, from, token); });
                b.ifThen(b.cmp(CmpIPredicate::ne, token, eos), [&] {
                  Value q = get(nextLive);
                  b.store(b.toI32(r), nextRow, {q});
                  b.store(sc, nextScore, {q});
                  b.store(token, nextToken, {q});
                  b.store(from, parent, {q});
                  b.store(k, nextRank, {q});
                  set(nextLive, b.add(q, one));
                  set(kept, b.add(get(kept), b.i32(1)));
                });
                set(rank, b.add(k, b.i32(1)));
              });
            });
          });
          // K finished: the sequence stops. After the last step its live
          // hypotheses finish with length max_length.
          Value full = b.cmp(CmpIPredicate::sge, b.load(finCount, {r}), b.i32(width));
          Value stop = orI(full, orI(last, b.cmp(CmpIPredicate::eq, get(kept), b.i32(0))));
          b.ifThen(andI(last, b.logicalNot(full)),
                   [&] {
                     b.forLoop(keptStart, get(nextLive), [&](Value q) {
                       finish(r, s, b.load(nextScore, {q}), b.load(nextRank, {q}),
                              b.load(parent, {q}), b.load(nextToken, {q}));
                     });
                   });
          b.ifThen(stop, [&] {
            b.store(b.i32(1), done, {r});
            set(nextLive, keptStart);
          });
          b.store(b.toI32(b.sub(get(nextLive), keptStart)), liveCount, {r});
          set(base, b.add(firstSlot, count));
        });
      });
      // The new live set: its bookkeeping, its history, and each layer's
      // state gathered from the parents' (back-pointers).
      Value n = get(nextLive);
      Value next = stack.nextBlock(zero);
      b.forLoop(n, [&](Value q) {
        Value from = b.load(parent, {q}), token = b.load(nextToken, {q});
        b.store(b.load(nextRow, {q}), rowOf, {q});
        b.store(b.load(nextScore, {q}), score, {q});
        b.store(token, feedback, {q});
        Value at = b.add(b.mul(s, capacity), q);
        b.store(token, tokenAt, {at});
        b.store(from, parentAt, {at});
        Value src = b.add(next, b.toIndex(from));
        for (size_t i = 0; i < stack.layers.size(); ++i)
          for (Value state : {stack.h[i], stack.c[i]})
            b.forLoop(b.index(stack.hidden),
                      [&](Value c) { b.store(b.load(state, {src, c}), state, {q, c}); });
      });
      set(live, n);
      b.ifThen(b.cmp(CmpIPredicate::ne, n, zero), [&] {
        gatherPeek(n);
        feed.gather(feedback, n);
      });
    });
  });

  // Each sequence's n_best: its finished hypotheses by S / lp(L) descending,
  // then the earlier step, then the lower rank.
  auto keyOf = [&](Value e) {
    Value sc = b.load(finScore, {e});
    if (!penalties)
      return sc;
    Value length = b.toIndex(b.load(finStep, {e})); // lp's table starts at L = 1
    return b.create<arith::DivFOp>(sc, b.load(penalties, {length})).getResult();
  };
  b.forLoop(batch, [&](Value r) {
    Value entries = b.mul(r, b.index(finishedPerRow));
    Value count = b.toIndex(b.load(finCount, {r}));
    b.forLoop(count, [&](Value e) { b.store(b.i32(0), taken, {b.add(entries, e)}); });
    b.forLoop(nBest, [&](Value o) {
      set(bestSlot, b.i32(-1));
      b.forLoop(count, [&](Value e) {
        Value at = b.add(entries, e);
        b.ifThen(b.cmp(CmpIPredicate::eq, b.load(taken, {at}), b.i32(0)), [&] {
          Value key = keyOf(at), old = get(bestScore);
          Value bestAt = b.toIndex(get(bestSlot));
          // Compared only once a best exists (bestSlot >= 0).
          Value sameKey = b.create<arith::CmpFOp>(CmpFPredicate::OEQ, key, old);
          Value step = b.load(finStep, {at});
          Value better = b.cmp(CmpIPredicate::slt, get(bestSlot), b.i32(0));
          b.ifThen(b.logicalNot(better), [&] {
            Value bestStep = b.load(finStep, {bestAt});
            Value earlier = orI(b.cmp(CmpIPredicate::slt, step, bestStep),
                                andI(b.cmp(CmpIPredicate::eq, step, bestStep),
                                     b.cmp(CmpIPredicate::slt, b.load(finRank, {at}),
                                           b.load(finRank, {bestAt}))));
            Value wins = orI(b.create<arith::CmpFOp>(CmpFPredicate::OGT, key, old),
                             andI(sameKey, earlier));
            b.ifThen(wins, [&] {
              set(bestSlot, b.toI32(at));
              set(bestScore, key);
            });
          });
          b.ifThen(better, [&] {
            set(bestSlot, b.toI32(at));
            set(bestScore, key);
          });
        });
      });
      Value found = b.cmp(CmpIPredicate::sge, get(bestSlot), b.i32(0));
      Value noneFound = b.logicalNot(found);
      b.ifThen(noneFound, [&] {
        b.store(b.i32(0), outLengths, {r, o});
        b.ifThen(wantScores, [&] { b.store(b.f32(0), outScores, {r, o}); });
        b.forLoop(maxOut, [&](Value t) { b.store(eos, outTokens, {r, o, t}); });
      });
      b.ifThen(found, [&] {
        Value at = b.toIndex(get(bestSlot));
        b.store(b.i32(1), taken, {at});
        Value step = b.toIndex(b.load(finStep, {at}));
        Value length = b.add(step, one);
        b.store(b.toI32(length), outLengths, {r, o});
        b.ifThen(wantScores, [&] { b.store(get(bestScore), outScores, {r, o}); });
        b.store(b.load(finToken, {at}), outTokens, {r, o, step});
        // Back through the parents: the token of each earlier step.
        set(bestToken, b.load(finParent, {at}));
        b.forLoop(step, [&](Value back) {
          Value t = b.sub(b.sub(step, back), one);
          Value h = b.add(b.mul(t, capacity), b.toIndex(get(bestToken)));
          b.store(b.load(tokenAt, {h}), outTokens, {r, o, t});
          set(bestToken, b.load(parentAt, {h}));
        });
        b.forLoop(length, maxOut, [&](Value t) { b.store(eos, outTokens, {r, o, t}); });
      });
    });
  });
  return success();
}

} // namespace

void s2s::populateBeamDecoderLowering(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerBeamDecoder>(patterns.getContext(), lowering);
}
