//===- ModelToCells.cpp - Model-level ops to cells in time loops -*- C++ -*-===//
///
/// Rewrites a function marked `s2s.model` (embedding -> encoder -> context ->
/// greedy_decoder or vector_decoder) into `<name>_translate_impl`, host code
/// on memrefs, and records its C API's shapes there (ModelInterface.h):
///
///   encoder, per layer (T: the longest source of the call): one seq_matmul
///     over all T*B source rows (time-major),
///     then `for t` of one fused lstm_step. Hidden and cell states of every
///     step live in [(T+1)*B, H] buffers whose first B rows are the zero
///     initial state; masked rows carry the state through, so row block T
///     holds each sequence's state at its own last valid step.
///   decoder: `for s < min(max_out, max_length)`: gather the fed-back tokens,
///     per layer one seq_matmul and one lstm_step (ping-pong state buffers),
///     then project_argmax, all on the sequences still running: they are
///     kept compacted in the first rows of every per-row buffer, and one
///     that emits EOS leaves them, so ended sequences cost nothing in later
///     steps. Once every sequence has ended, the remaining iterations do
///     nothing. A vector decoder projects each step's top hidden state with
///     its output Dense (and activation) and feeds that back instead.
///
/// Weights become private `memref.global` constants, packed transposed
/// ([in, out]) so kernels stream contiguous rows of the output dimension;
/// the 4H gate columns of LSTM weights, biases and gate buffers are in the
/// gate layout of s2s/Support/GateLayout.h.
///
//===----------------------------------------------------------------------===//
#include "HostBuilder.h"
#include "PassDetail.h"
#include "WeightPacking.h"
#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;

namespace {

/// Lowers one model function. Creates globals for weights in `module`.
class ModelLowering {
public:
  ModelLowering(ModuleOp module, FuncOp model)
      : module(module), model(model), b(model.getLoc(), model.getContext()) {}

  LogicalResult run();

private:
  /// A weight operand packed (WeightPacking.h) as a memref.global.
  FailureOr<Value> weight(Value tensor, StringRef role, bool transpose, int64_t begin = 0,
                          int64_t end = -1, WeightRows order = WeightRows::Plain);
  /// A private constant memref.global `<name>_<role>` holding `value`.
  Value global(StringRef role, DenseElementsAttr value);
  /// Whether the decoder's layer 0 input projection is folded into its
  /// embedding: gates(v) = W_ih e_v + b for every token v, one [V, 4H] table
  /// (gate layout) computed at compile time, so each step gathers its row
  /// instead of multiplying (with peek, W_ih's feedback columns only; the
  /// bias is then in the context's share, added to the gathered row); when
  /// worthFoldingInputProjection (WeightPacking.h) says so.
  bool foldsInputProjection(GreedyDecoderOp decoder);
  FailureOr<Value> foldedInputTable(GreedyDecoderOp decoder);
  /// Per layer: W_ih^T, W_hh^T, b. For layer 0 with peek concat, W_ih^T
  /// holds only the feedback columns and `contextWeight` the others.
  struct Layer {
    Value wIhT, wHhT, bias;
  };
  FailureOr<SmallVector<Layer>> layers(ValueRange weights, StringRef prefix, int64_t splitAt,
                                       Value *contextWeight);
  Value alloc(Type elementType, int64_t cols, Value rows);
  Value alloc1D(Type elementType, Value size);
  /// A one-element buffer: a host variable that scf loops update.
  Value allocCell(Type elementType);
  void fill2D(Value memref, Value rows, Value value);
  void copy2D(Value from, Value to, Value rows);

  /// max over b of lengths[b] (i32).
  Value longestLength(Value lengths);
  LogicalResult lowerEncoder(EncoderOp encoder, Value src, Value srcLen);
  LogicalResult lowerContext(Value context);
  template <typename DecoderOp>
  LogicalResult setUpDecoder(DecoderOp decoder, int64_t feedback, Value steps);
  /// With peek, the context's share of layer 0's gates. It does not change
  /// between steps: the vector decoder writes it first in the step as it
  /// reads, and s2s-hoist-invariant-projections hoists it out of the loop;
  /// the token decoder computes it before the loop.
  void emitPeekProjection();
  /// One decoder step's LSTM stack on the feedback input `y`; returns the
  /// top layer's new h. With `inputReady`, layer 0's gate inputs are in
  /// `gates` already (folded projection) and `y` is not read.
  /// Runs on the first `rows` rows of the batch (the sequences still
  /// running, compacted to the front).
  /// The first `rows` rows of a per-row buffer (the buffer itself when
  /// `rows` is the batch).
  Value firstRows(Value buffer, Value rows);
  /// The row block of the decoder's ping-pong states that step s writes.
  Value nextBlock(Value s);
  Value emitStack(Value s, Value rows, Value y, bool inputReady = false);
  LogicalResult lowerTokenDecoder(GreedyDecoderOp decoder, Value out, Value outLen,
                                  Value logits, Value wantLogits);
  LogicalResult lowerVectorDecoder(VectorDecoderOp decoder, Value out);

  ModuleOp module;
  FuncOp model;
  HostBuilder b;
  std::string name;
  SmallVector<Value> allocations;
  Type i32, f32;

  // Encoder results and the context vector.
  Value batch;
  SmallVector<Value> finalH, finalC;
  Value context;

  // Decoder state shared by both readouts.
  SmallVector<Layer> decLayers;
  Value contextWeight; // peek: W_c^T (concat) or W_ih^T (add); else null
  SmallVector<Value> decH, decC;
  /// LstmStep's per-row step bound: `steps` for every row (the decoder's
  /// rows all run; the token decoder drops ended ones from the batch).
  Value gates, peekGates, limit;
  int64_t decHidden = 0;
  Peek peek = Peek::None;
  GateActivation gateActivation = GateActivation::Sigmoid;
};

Value ModelLowering::alloc(Type elementType, int64_t cols, Value rows) {
  auto type = MemRefType::get({ShapedType::kDynamicSize, cols}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{rows}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

Value ModelLowering::alloc1D(Type elementType, Value size) {
  auto type = MemRefType::get({ShapedType::kDynamicSize}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{size}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

Value ModelLowering::allocCell(Type elementType) {
  auto type = MemRefType::get({1}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

void ModelLowering::fill2D(Value memref, Value rows, Value value) {
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(dimOf(memref, 1)), [&](Value c) { b.store(value, memref, {r, c}); });
  });
}

void ModelLowering::copy2D(Value from, Value to, Value rows) {
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(dimOf(to, 1)), [&](Value c) { b.store(b.load(from, {r, c}), to, {r, c}); });
  });
}

FailureOr<Value> ModelLowering::weight(Value tensor, StringRef role, bool transpose, int64_t begin,
                                       int64_t end, WeightRows order) {
  FailureOr<DenseElementsAttr> packed = packWeight(tensor, role, transpose, begin, end, order);
  if (failed(packed))
    return failure();
  return global(role, *packed);
}

Value ModelLowering::global(StringRef role, DenseElementsAttr value) {
  std::string symbol = (name + "_" + role).str();
  auto type = value.getType().cast<RankedTensorType>();
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(model);
    b.create<memref::GlobalOp>(symbol, b.getStringAttr("private"), memrefType, value,
                               /*constant=*/true, b.getI64IntegerAttr(64));
  }
  return b.create<memref::GetGlobalOp>(memrefType, symbol);
}

bool ModelLowering::foldsInputProjection(GreedyDecoderOp decoder) {
  int64_t vocab = dimOf(decoder.getEmbedding()[0], 0);
  int64_t embed = dimOf(decoder.getEmbedding()[0], 1);
  int64_t gates = dimOf(decoder.getLayers()[0], 0);
  return worthFoldingInputProjection(vocab, embed, gates);
}

FailureOr<Value> ModelLowering::foldedInputTable(GreedyDecoderOp decoder) {
  Value embeddingTensor = decoder.getEmbedding()[0];
  const int64_t embed = dimOf(embeddingTensor, 1);
  auto embedding = packWeight(embeddingTensor, "target_embedding", false);
  auto wT =
      packWeight(decoder.getLayers()[0], "decoder_l0_w_ih_t", true, 0, embed, WeightRows::Gates);
  auto bias = packWeight(decoder.getLayers()[2], "decoder_l0_b", false, 0, -1, WeightRows::Gates);
  if (failed(embedding) || failed(wT) || failed(bias))
    return failure();
  // With peek the bias is in peekGates instead.
  return global("decoder_l0_input_table",
                foldInputProjection(*embedding, *wT, contextWeight ? DenseElementsAttr() : *bias));
}

FailureOr<SmallVector<ModelLowering::Layer>>
ModelLowering::layers(ValueRange weights, StringRef prefix, int64_t splitAt,
                      Value *contextWeight) {
  SmallVector<Layer> result;
  for (size_t l = 0; l < weights.size() / 3; ++l) {
    std::string p = (prefix + "_l" + Twine(l)).str();
    bool split = l == 0 && splitAt >= 0;
    auto wIh =
        weight(weights[3 * l], p + "_w_ih_t", true, 0, split ? splitAt : -1, WeightRows::Gates);
    auto wHh = weight(weights[3 * l + 1], p + "_w_hh_t", true, 0, -1, WeightRows::Recurrent);
    auto bias = weight(weights[3 * l + 2], p + "_b", false, 0, -1, WeightRows::Gates);
    if (failed(wIh) || failed(wHh) || failed(bias))
      return failure();
    if (split) {
      auto wC = weight(weights[0], p + "_w_ih_context_t", true, splitAt, -1, WeightRows::Gates);
      if (failed(wC))
        return failure();
      *contextWeight = *wC;
    }
    result.push_back({*wIh, *wHh, *bias});
  }
  return result;
}

Value ModelLowering::longestLength(Value lengths) {
  auto loop = b.create<scf::ForOp>(b.index(0), b.dim(lengths, 0), b.index(1),
                                   ValueRange{b.i32(0)});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value len = b.load(lengths, {loop.getInductionVar()});
  Value longest = loop.getRegionIterArgs()[0];
  b.create<scf::YieldOp>(ValueRange{
      b.create<SelectOp>(b.cmp(CmpIPredicate::sgt, len, longest), len, longest)});
  return loop.getResult(0);
}

LogicalResult ModelLowering::lowerEncoder(EncoderOp encoder, Value src, Value srcLen) {
  b.setLoc(encoder.getLoc());
  batch = b.dim(src, 0);
  // The longest source, not max_src_len: buffers and steps follow the
  // lengths the caller has, not the room the caller's array leaves.
  Value srcSteps = b.toIndex(longestLength(srcLen));
  Value rowsAll = b.mul(srcSteps, batch);
  // Layer 0's input, time-major: row t * B + b is step t of sequence b.
  // Padded positions read id 0 (or zeros) instead of whatever the caller left.
  Value layerInput;
  if (auto embedding = encoder.getInput().getDefiningOp<EmbeddingOp>()) {
    Value ids = alloc1D(i32, rowsAll);
    b.forLoop(srcSteps, [&](Value t) {
      b.forLoop(batch, [&](Value bi) {
        Value valid = b.cmp(CmpIPredicate::slt, b.toI32(t), b.load(srcLen, {bi}));
        Value token = b.create<SelectOp>(valid, b.load(src, {bi, t}), b.i32(0));
        b.store(token, ids, {b.add(b.mul(t, batch), bi)});
      });
    });
    FailureOr<Value> table = weight(embedding.getTable(), "source_embedding", false);
    if (failed(table))
      return failure();
    layerInput = alloc(f32, dimOf(embedding.getTable(), 1), rowsAll);
    b.create<GatherOp>(ids, *table, layerInput);
  } else {
    int64_t dim = dimOf(src, 2);
    layerInput = alloc(f32, dim, rowsAll);
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

  auto encLayers = layers(encoder.getWeights(), "encoder", -1, nullptr);
  if (failed(encLayers))
    return failure();
  int64_t hidden = dimOf(encoder.getH(), 2);
  for (const Layer &layer : *encLayers) {
    // The input projection of the whole sequence: one matrix product.
    Value xg = alloc(f32, 4 * hidden, rowsAll);
    b.create<SeqMatmulOp>(layerInput, layer.wIhT, layer.bias, xg, Activation::Linear);
    // States of every step; row block 0 is the zero initial state.
    Value stateRows = b.add(rowsAll, batch);
    Value hs = alloc(f32, hidden, stateRows), cs = alloc(f32, hidden, stateRows);
    fill2D(hs, batch, b.f32(0));
    fill2D(cs, batch, b.f32(0));
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
  return success();
}

LogicalResult ModelLowering::lowerContext(Value contextTensor) {
  context = finalH.back();
  auto dense = contextTensor.getDefiningOp<DenseOp>();
  if (!dense)
    return success();
  b.setLoc(dense.getLoc());
  auto w = weight(dense.getWeight(), "context_projection_w_t", true);
  auto bias = weight(dense.getBias(), "context_projection_b", false);
  if (failed(w) || failed(bias))
    return failure();
  Value projected = alloc(f32, dimOf(dense.getWeight(), 0), batch);
  b.create<SeqMatmulOp>(context, *w, *bias, projected, dense.getActivationAttr());
  context = projected;
  return success();
}

template <typename DecoderOp>
LogicalResult ModelLowering::setUpDecoder(DecoderOp decoder, int64_t feedback, Value steps) {
  b.setLoc(decoder.getLoc());
  peek = decoder.getPeek();
  gateActivation = decoder.getGateActivation();
  decHidden = dimOf(decoder.getLayers()[1], 1);
  auto stack = layers(decoder.getLayers(), "decoder", peek == Peek::Concat ? feedback : -1,
                      &contextWeight);
  if (failed(stack))
    return failure();
  decLayers = *stack;
  if (peek == Peek::Add)
    contextWeight = decLayers[0].wIhT; // W (y + C) = W y + W C
  gates = alloc(f32, 4 * decHidden, batch);
  if (contextWeight)
    peekGates = alloc(f32, 4 * decHidden, batch);

  InitState init = decoder.getInitState();
  for (size_t l = 0; l < decLayers.size(); ++l) {
    // Two row blocks per layer: the state before and after a step swap roles.
    Value twoBlocks = b.mul(batch, b.index(2));
    Value h = alloc(f32, decHidden, twoBlocks), c = alloc(f32, decHidden, twoBlocks);
    if (init == InitState::Zeros) {
      fill2D(h, batch, b.f32(0));
      fill2D(c, batch, b.f32(0));
    } else {
      copy2D(init == InitState::Top ? finalH.back() : finalH[l], h, batch);
      copy2D(init == InitState::Top ? finalC.back() : finalC[l], c, batch);
    }
    decH.push_back(h);
    decC.push_back(c);
  }
  limit = alloc1D(i32, batch);
  Value stepsI32 = b.toI32(steps);
  b.forLoop(batch, [&](Value r) { b.store(stepsI32, limit, {r}); });
  return success();
}

void ModelLowering::emitPeekProjection() {
  if (contextWeight)
    b.create<SeqMatmulOp>(context, contextWeight, decLayers[0].bias, peekGates,
                          Activation::Linear);
}

Value ModelLowering::firstRows(Value buffer, Value rows) {
  return rows == batch ? buffer : b.rows(buffer, b.index(0), rows);
}

Value ModelLowering::nextBlock(Value s) {
  Value parity = b.create<arith::RemUIOp>(s, b.index(2));
  return b.mul(b.sub(b.index(1), parity), batch);
}

Value ModelLowering::emitStack(Value s, Value rows, Value y, bool inputReady) {
  Value cur = b.mul(b.create<arith::RemUIOp>(s, b.index(2)), batch);
  Value next = nextBlock(s);
  auto running = [&](Value buffer) { return firstRows(buffer, rows); };
  Value input = y ? running(y) : y;
  Value stepGates = running(gates);
  for (size_t l = 0; l < decLayers.size(); ++l) {
    const Layer &layer = decLayers[l];
    if (l == 0 && inputReady) {
      // gates holds W_ih y + b already.
    } else if (l == 0 && contextWeight) {
      b.create<SeqMatmulAddOp>(input, layer.wIhT, running(peekGates), stepGates);
    } else {
      b.create<SeqMatmulOp>(input, layer.wIhT, layer.bias, stepGates, Activation::Linear);
    }
    Value hNext = b.rows(decH[l], next, rows);
    b.create<LstmStepOp>(stepGates, layer.wHhT, b.rows(decH[l], cur, rows),
                         b.rows(decC[l], cur, rows), running(limit),
                         b.toI32(s), hNext, b.rows(decC[l], next, rows),
                         gateActivation);
    input = hNext;
  }
  return input;
}

LogicalResult ModelLowering::lowerTokenDecoder(GreedyDecoderOp decoder, Value out, Value outLen,
                                               Value logits, Value wantLogits) {
  int64_t vocab = dimOf(decoder.getEmbedding()[0], 0);
  int64_t embed = dimOf(decoder.getEmbedding()[0], 1);
  Value maxOut = b.dim(out, 1);
  Value steps = b.minIndex(maxOut, b.index(decoder.getMaxLengthAttr().getInt()));
  if (failed(setUpDecoder(decoder, embed, steps)))
    return failure();
  const bool fold = foldsInputProjection(decoder);
  // The table each step gathers from, and what it gathers into: the
  // embedding into y, or (folded) the projected embedding into gates.
  auto table = fold ? foldedInputTable(decoder)
                    : weight(decoder.getEmbedding()[0], "target_embedding", false);
  auto wOut = weight(decoder.getReadout()[0], "output_w_t", true);
  auto bOut = weight(decoder.getReadout()[1], "output_b", false);
  if (failed(table) || failed(wOut) || failed(bOut))
    return failure();

  Value eos = b.i32(decoder.getEosAttr().getInt());
  // The sequences still running are compacted into the first `active` rows
  // of every per-row decoder buffer: slot i holds sequence rowOf[i]; a
  // sequence that emits EOS leaves, and the later slots move up, so the
  // kernels of later steps never see it.
  Value active = allocCell(b.getIndexType());
  b.store(batch, active, {b.index(0)});
  Value rowOf = alloc1D(i32, batch);
  b.forLoop(batch, [&](Value r) { b.store(b.toI32(r), rowOf, {r}); });
  Value length = alloc1D(i32, batch); // per sequence: its output length
  Value stepsI32 = b.toI32(steps);
  b.forLoop(batch, [&](Value r) { b.store(stepsI32, length, {r}); });
  Value feedback = alloc1D(i32, batch);
  FirstInput first = decoder.getFirstInput();
  // y: the embedding fed to layer 0; folded, only step 0 from context or zeros.
  Value y = fold && first == FirstInput::Bos ? Value() : alloc(f32, embed, batch);
  Value gathered = fold ? gates : y;
  Value stepLogits = alloc(f32, vocab, batch);
  Value tokens = alloc1D(i32, batch);
  // The fed-back tokens' input: their embeddings, or (folded) their share
  // of layer 0's gates, plus the context's share with peek.
  auto gatherInput = [&](Value rows) {
    b.create<GatherOp>(firstRows(feedback, rows), *table, firstRows(gathered, rows));
    if (fold && contextWeight)
      b.forLoop(rows, [&](Value r) {
        b.forLoop(b.index(4 * decHidden), [&](Value c) {
          Value sum = b.create<arith::AddFOp>(b.load(gates, {r, c}), b.load(peekGates, {r, c}));
          b.store(sum, gates, {r, c});
        });
      });
  };
  // Copies slot `from`'s running state to slot `to` (to < from): the state
  // step s wrote, the token fed back and, with peek, the context's share of
  // the gates.
  auto moveSlot = [&](Value s, Value from, Value to) {
    Value next = nextBlock(s);
    auto moveRow = [&](Value buffer, Value offset) {
      b.forLoop(b.index(dimOf(buffer, 1)), [&](Value c) {
        b.store(b.load(buffer, {b.add(offset, from), c}), buffer, {b.add(offset, to), c});
      });
    };
    for (size_t l = 0; l < decLayers.size(); ++l) {
      moveRow(decH[l], next);
      moveRow(decC[l], next);
    }
    if (contextWeight)
      moveRow(peekGates, b.index(0));
    b.store(b.load(feedback, {from}), feedback, {to});
    b.store(b.load(rowOf, {from}), rowOf, {to});
  };
  // The context's share is computed once, before the loop: its rows then
  // move with their sequences (and, folded, step 0's input needs it).
  emitPeekProjection();
  if (first == FirstInput::Bos) {
    b.forLoop(batch, [&](Value r) { b.store(b.i32(decoder.getBosAttr().getInt()), feedback, {r}); });
    gatherInput(batch);
  } else {
    if (first == FirstInput::Context)
      copy2D(context, y, batch);
    else
      fill2D(y, batch, b.f32(0));
    // Step 0's input is no token: folded, its projection is computed here.
    if (fold && contextWeight)
      b.create<SeqMatmulAddOp>(y, decLayers[0].wIhT, peekGates, gates);
    else if (fold)
      b.create<SeqMatmulOp>(y, decLayers[0].wIhT, decLayers[0].bias, gates,
                            Activation::Linear);
  }
  Value kept = allocCell(b.getIndexType());
  b.forLoop(steps, [&](Value s) {
    Value rows = b.load(active, {b.index(0)});
    // Once every sequence has ended, the remaining steps do nothing (the
    // loop bound is the caller's max_out).
    b.ifThen(b.cmp(CmpIPredicate::ne, rows, b.index(0)), [&] {
      Value top = emitStack(s, rows, y, fold);
      Value zero = b.index(0);
      b.create<ProjectArgmaxOp>(top, *wOut, *bOut, firstRows(stepLogits, rows),
                                firstRows(tokens, rows));
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
      b.ifThen(b.cmp(CmpIPredicate::ne, running, zero), [&] { gatherInput(running); });
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

LogicalResult ModelLowering::lowerVectorDecoder(VectorDecoderOp decoder, Value out) {
  int64_t dim = dimOf(decoder.getWOut(), 0);
  Value outSteps = b.dim(out, 1);
  Value steps = b.minIndex(outSteps, b.index(decoder.getMaxLengthAttr().getInt()));
  if (failed(setUpDecoder(decoder, dim, steps)))
    return failure();
  auto wOut = weight(decoder.getWOut(), "output_w_t", true);
  auto bOut = weight(decoder.getBOut(), "output_b", false);
  if (failed(wOut) || failed(bOut))
    return failure();
  Value y = alloc(f32, dim, batch);
  if (decoder.getFirstInput() == FirstInput::Context)
    copy2D(context, y, batch);
  else
    fill2D(y, batch, b.f32(0));
  b.forLoop(steps, [&](Value s) {
    emitPeekProjection();
    Value top = emitStack(s, batch, y);
    // y_t = act(W_out h_t + b_out): the output and the next step's input.
    b.create<SeqMatmulOp>(top, *wOut, *bOut, y, decoder.getActivationAttr());
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

LogicalResult ModelLowering::run() {
  name = modelNameOf(model).str();
  i32 = b.getI32Type();
  f32 = b.getF32Type();
  auto tokenDecoders = llvm::to_vector(model.getOps<GreedyDecoderOp>());
  auto vectorDecoders = llvm::to_vector(model.getOps<VectorDecoderOp>());
  if (tokenDecoders.size() + vectorDecoders.size() != 1)
    return model.emitError("expects exactly one decoder (s2s.greedy_decoder or "
                           "s2s.vector_decoder) in a model function");
  Operation *decoder = tokenDecoders.empty() ? vectorDecoders.front().getOperation()
                                             : tokenDecoders.front().getOperation();
  Value initH = decoder->getOperand(0), initC = decoder->getOperand(1);
  Value contextTensor = decoder->getOperand(2);
  auto encoder = initH.getDefiningOp<EncoderOp>();
  if (!encoder || initC.getDefiningOp<EncoderOp>() != encoder)
    return decoder->emitError("expects init_h and init_c to be the results of one s2s.encoder");
  Value encoderInput = encoder.getInput();
  if (auto embedding = encoderInput.getDefiningOp<EmbeddingOp>())
    encoderInput = embedding.getIds();
  if (encoderInput != model.getArgument(0) || encoder.getLengths() != model.getArgument(1))
    return encoder.emitError("expects the encoder to read the model's source (first argument, "
                             "directly or through s2s.embedding) and lengths (second argument)");
  Value contextSource = contextTensor;
  if (auto dense = contextTensor.getDefiningOp<DenseOp>())
    contextSource = dense.getX();
  auto contextOp = contextSource.getDefiningOp<ContextOp>();
  if (!contextOp || contextOp.getH() != encoder.getH())
    return decoder->emitError("expects the context to be s2s.context of the encoder's h, "
                              "optionally through one s2s.dense");

  // The signature: source, lengths, then the outputs (destination passing).
  MLIRContext *ctx = model.getContext();
  auto srcTensor = model.getArgument(0).getType().cast<RankedTensorType>();
  SmallVector<Type> args{MemRefType::get(srcTensor.getShape(), srcTensor.getElementType()),
                         MemRefType::get({-1}, i32)};
  auto tokenDecoder = tokenDecoders.empty() ? GreedyDecoderOp() : tokenDecoders.front();
  auto vectorDecoder = vectorDecoders.empty() ? VectorDecoderOp() : vectorDecoders.front();
  if (tokenDecoder) {
    int64_t vocab = dimOf(tokenDecoder.getEmbedding()[0], 0);
    args.append({MemRefType::get({-1, -1}, i32), MemRefType::get({-1}, i32),
                 MemRefType::get({-1, -1, vocab}, f32), IntegerType::get(ctx, 1)});
  } else {
    args.push_back(MemRefType::get({-1, -1, dimOf(vectorDecoder.getWOut(), 0)}, f32));
  }
  b.setInsertionPoint(model);
  auto impl = b.create<FuncOp>(name + "_translate_impl", FunctionType::get(ctx, args, {i32}));
  ModelInterface api;
  api.name = name;
  if (auto embedding = encoder.getInput().getDefiningOp<EmbeddingOp>()) {
    api.sourceSize = dimOf(embedding.getTable(), 0);
  } else {
    api.tokenSource = false;
    api.sourceSize = srcTensor.getDimSize(2);
  }
  if (tokenDecoder) {
    api.targetSize = dimOf(tokenDecoder.getEmbedding()[0], 0);
    api.bos = tokenDecoder.getBos();
    api.eos = tokenDecoder.getEos();
    api.maxLength = tokenDecoder.getMaxLength();
  } else {
    api.tokenTarget = false;
    api.targetSize = dimOf(vectorDecoder.getWOut(), 0);
    api.maxLength = vectorDecoder.getMaxLength();
  }
  api.attachTo(impl);
  Block *entry = impl.addEntryBlock();
  b.setInsertionPointToStart(entry);

  if (failed(lowerEncoder(encoder, entry->getArgument(0), entry->getArgument(1))) ||
      failed(lowerContext(contextTensor)))
    return failure();
  LogicalResult lowered =
      tokenDecoder ? lowerTokenDecoder(tokenDecoder, entry->getArgument(2), entry->getArgument(3),
                                       entry->getArgument(4), entry->getArgument(5))
                   : lowerVectorDecoder(vectorDecoder, entry->getArgument(2));
  if (failed(lowered))
    return failure();
  for (Value m : allocations)
    b.create<memref::DeallocOp>(m);
  b.create<ReturnOp>(b.i32(0));
  model.erase();
  // Weights nothing reads (W_ih of a folded layer 0 when step 0 is a token)
  // are not emitted.
  impl.walk([](memref::GetGlobalOp get) {
    if (get->use_empty())
      get.erase();
  });
  for (auto g : llvm::make_early_inc_range(module.getOps<memref::GlobalOp>()))
    if (SymbolTable::symbolKnownUseEmpty(g, module))
      g.erase();
  return success();
}

struct LowerToCellsPass : LowerToCellsBase<LowerToCellsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<FuncOp> models;
    for (FuncOp f : module.getOps<FuncOp>())
      if (isModelFunction(f))
        models.push_back(f);
    for (FuncOp f : models)
      if (failed(ModelLowering(module, f).run()))
        return signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createLowerToCellsPass() {
  return std::make_unique<LowerToCellsPass>();
}
