//===- EncoderPatterns.cpp - The encoder and the context to cells -*- C++ -*-===//
///
/// encoder, per layer (T: the longest source of the call): one seq_matmul
/// over all T*B source rows (time-major), then `for t` of one fused
/// lstm_step. Hidden and cell states of every step live in [(T+1)*B, H]
/// buffers whose first B rows are the zero initial state; masked rows carry
/// the state through, so row block T holds each sequence's state at its own
/// last valid step. The context is the top layer's, optionally projected by
/// one Dense.
///
//===----------------------------------------------------------------------===//
#include "ModelLowering.h"

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;

namespace {

/// max over b of lengths[b] (i32).
Value longestLength(HostBuilder &b, Value lengths) {
  auto loop = b.create<scf::ForOp>(b.index(0), b.dim(lengths, 0), b.index(1), ValueRange{b.i32(0)});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value len = b.load(lengths, {loop.getInductionVar()});
  Value longest = loop.getRegionIterArgs()[0];
  b.create<scf::YieldOp>(
      ValueRange{b.create<SelectOp>(b.cmp(CmpIPredicate::sgt, len, longest), len, longest)});
  return loop.getResult(0);
}

struct LowerEncoder : ModelOpLowering<EncoderOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(EncoderOp encoder, PatternRewriter &) const override;
};

LogicalResult LowerEncoder::matchAndRewrite(EncoderOp encoder, PatternRewriter &) const {
  ModelLowering &l = lowering;
  HostBuilder &b = l.b;
  b.setLoc(encoder.getLoc());
  auto embedding = encoder.getInput().getDefiningOp<EmbeddingOp>();
  Value src = l.memrefOf.lookup(embedding ? embedding.getIds() : encoder.getInput());
  Value srcLen = l.memrefOf.lookup(encoder.getLengths());
  if (!src || !srcLen)
    return encoder.emitError("expects the encoder to read the model's source (first argument, "
                             "directly or through s2s.embedding) and lengths (second argument)");
  Value batch = l.batch = b.dim(src, 0);
  // The longest source, not max_src_len: buffers and steps follow the
  // lengths the caller has, not the room the caller's array leaves.
  Value srcSteps = b.toIndex(longestLength(b, srcLen));
  Value rowsAll = b.mul(srcSteps, batch);
  // Layer 0's input, time-major: row t * B + b is step t of sequence b.
  // Padded positions read id 0 (or zeros) instead of whatever the caller left.
  Value layerInput;
  if (embedding) {
    Value ids = l.alloc1D(l.i32, rowsAll);
    b.forLoop(srcSteps, [&](Value t) {
      b.forLoop(batch, [&](Value bi) {
        Value valid = b.cmp(CmpIPredicate::slt, b.toI32(t), b.load(srcLen, {bi}));
        Value token = b.create<SelectOp>(valid, b.load(src, {bi, t}), b.i32(0));
        b.store(token, ids, {b.add(b.mul(t, batch), bi)});
      });
    });
    FailureOr<Value> table = l.weight(embedding.getTable(), "source_embedding", false);
    if (failed(table))
      return failure();
    layerInput = l.alloc(l.f32, dimOf(embedding.getTable(), 1), rowsAll);
    b.create<GatherOp>(ids, *table, layerInput);
  } else {
    int64_t dim = dimOf(src, 2);
    layerInput = l.alloc(l.f32, dim, rowsAll);
    b.forLoop(srcSteps, [&](Value t) {
      b.forLoop(batch, [&](Value bi) {
        Value valid = b.cmp(CmpIPredicate::slt, b.toI32(t), b.load(srcLen, {bi}));
        Value row = b.add(b.mul(t, batch), bi);
        b.forLoop(b.index(dim), [&](Value d) {
          Value x = b.create<SelectOp>(valid, b.load(src, {bi, t, d}), b.f32(0));
          b.store(x, layerInput, {row, d});
        });
      });
    });
  }

  // Per layer W_ih^T, W_hh^T, b, packed for the kernels.
  ValueRange weights = encoder.getWeights();
  SmallVector<ModelLowering::LstmWeights> layers;
  for (int64_t i = 0; i < encoder.getNumLayers(); ++i) {
    auto layer = l.lstmWeights(weights.slice(3 * i, 3), ("encoder_l" + Twine(i)).str());
    if (failed(layer))
      return failure();
    layers.push_back(*layer);
  }
  int64_t hidden = dimOf(encoder.getH(), 2);
  SmallVector<Value> finalH, finalC;
  for (const ModelLowering::LstmWeights &layer : layers) {
    // The input projection of the whole sequence: one matrix product.
    Value xg = l.alloc(l.f32, 4 * hidden, rowsAll);
    b.create<SeqMatmulOp>(layerInput, layer.wIhT, layer.bias, xg, Activation::Linear);
    // States of every step; row block 0 is the zero initial state.
    Value stateRows = b.add(rowsAll, batch);
    Value hs = l.alloc(l.f32, hidden, stateRows), cs = l.alloc(l.f32, hidden, stateRows);
    l.fill2D(hs, batch, b.f32(0));
    l.fill2D(cs, batch, b.f32(0));
    b.forLoop(srcSteps, [&](Value t) {
      Value cur = b.mul(t, batch), next = b.add(cur, batch);
      b.create<LstmStepOp>(b.rows(xg, cur, batch), layer.wHhT, b.rows(hs, cur, batch),
                           b.rows(cs, cur, batch), srcLen, b.toI32(t), b.rows(hs, next, batch),
                           b.rows(cs, next, batch), encoder.getGateActivationAttr());
    });
    finalH.push_back(b.rows(hs, rowsAll, batch));
    finalC.push_back(b.rows(cs, rowsAll, batch));
    layerInput = b.rows(hs, batch, rowsAll);
  }
  l.layersOf[encoder.getH()] = finalH;
  l.layersOf[encoder.getC()] = finalC;
  return success();
}

/// The context vector: the top layer's final h, a view.
struct LowerContext : ModelOpLowering<ContextOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(ContextOp op, PatternRewriter &) const override {
    auto h = lowering.layersOf.find(op.getH());
    if (h == lowering.layersOf.end())
      return op.emitError("expects the h of an s2s.encoder");
    lowering.memrefOf[op.getContext()] = h->second.back();
    return success();
  }
};

/// The context's projection: one seq_matmul with the activation.
struct LowerContextProjection : ModelOpLowering<DenseOp> {
  using ModelOpLowering::ModelOpLowering;
  LogicalResult matchAndRewrite(DenseOp dense, PatternRewriter &) const override {
    ModelLowering &l = lowering;
    Value context = l.memrefOf.lookup(dense.getX());
    if (!context)
      return dense.emitError("expects s2s.dense to project the context (an s2s.context)");
    l.b.setLoc(dense.getLoc());
    auto w = l.weight(dense.getWeight(), "context_projection_w_t", true);
    auto bias = l.weight(dense.getBias(), "context_projection_b", false);
    if (failed(w) || failed(bias))
      return failure();
    Value projected = l.alloc(l.f32, dimOf(dense.getWeight(), 0), l.batch);
    l.b.create<SeqMatmulOp>(context, *w, *bias, projected, dense.getActivationAttr());
    l.memrefOf[dense.getResult()] = projected;
    return success();
  }
};

} // namespace

void s2s::populateEncoderLowerings(RewritePatternSet &patterns, ModelLowering &lowering) {
  patterns.add<LowerEncoder, LowerContext, LowerContextProjection>(patterns.getContext(), lowering);
}
