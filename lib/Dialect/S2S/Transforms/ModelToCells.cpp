//===- ModelToCells.cpp - Model-level ops to cells in time loops -*- C++ -*-===//
///
/// Rewrites a function marked `s2s.model` (embedding -> encoder -> context ->
/// greedy_decoder) into `<name>_translate_impl`, host code on memrefs:
///
///   encoder, per layer: one seq_matmul over all T*B source rows (time-major),
///     then `for t` of one fused lstm_step. Hidden and cell states of every
///     step live in [(T+1)*B, H] buffers whose first B rows are the zero
///     initial state; masked rows carry the state through, so row block T
///     holds each sequence's state at its own last valid step.
///   decoder: `for s < min(max_out, max_length)`: gather the fed-back tokens,
///     per layer one seq_matmul (B rows) and one lstm_step (ping-pong state
///     buffers), then project_argmax; `limit[b]` becomes s + 1 once sequence
///     b emitted EOS, which freezes its state and ends its output.
///
/// Weights become private `memref.global` constants, packed transposed
/// ([in, out]) so kernels stream contiguous rows of the output dimension.
///
//===----------------------------------------------------------------------===//
#include "HostBuilder.h"
#include "PassDetail.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace s2s;
using arith::CmpIPredicate;

namespace {

/// Lowers one model function. Creates globals for weights in `module`.
class ModelLowering {
public:
  ModelLowering(ModuleOp module, FuncOp model) : module(module), model(model) {}

  LogicalResult run();

private:
  /// A weight operand as a memref.global, transposed when `transpose` is set.
  FailureOr<Value> weight(HostBuilder &b, Value tensor, StringRef name, bool transpose);
  Value alloc(HostBuilder &b, Type elementType, int64_t cols, Value rows);
  Value alloc1D(HostBuilder &b, Type elementType, Value size);
  void fill2D(HostBuilder &b, Value memref, Value rows, Value value);

  ModuleOp module;
  FuncOp model;
  std::string name;
  SmallVector<Value> allocations;
};

Value ModelLowering::alloc(HostBuilder &b, Type elementType, int64_t cols, Value rows) {
  auto type = MemRefType::get({ShapedType::kDynamicSize, cols}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{rows}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

Value ModelLowering::alloc1D(HostBuilder &b, Type elementType, Value size) {
  auto type = MemRefType::get({ShapedType::kDynamicSize}, elementType);
  Value m = b.create<memref::AllocOp>(type, ValueRange{size}, b.getI64IntegerAttr(64));
  allocations.push_back(m);
  return m;
}

void ModelLowering::fill2D(HostBuilder &b, Value memref, Value rows, Value value) {
  int64_t cols = memref.getType().cast<MemRefType>().getDimSize(1);
  b.forLoop(rows, [&](Value r) {
    b.forLoop(b.index(cols), [&](Value c) { b.store(value, memref, {r, c}); });
  });
}

FailureOr<Value> ModelLowering::weight(HostBuilder &b, Value tensor, StringRef role,
                                       bool transpose) {
  auto constant = tensor.getDefiningOp<arith::ConstantOp>();
  auto dense = constant ? constant.getValue().dyn_cast<DenseElementsAttr>() : nullptr;
  if (!dense || !dense.getType().getElementType().isF32())
    return (emitError(tensor.getLoc()) << "expects weight '" << role
                                       << "' to be a dense f32 constant"),
           failure();
  auto type = dense.getType().cast<RankedTensorType>();
  if (transpose) {
    // Pack [rows, cols] as [cols, rows] at compile time.
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    SmallVector<float> values(dense.getValues<float>().begin(), dense.getValues<float>().end());
    SmallVector<float> packed(values.size());
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t c = 0; c < cols; ++c)
        packed[c * rows + r] = values[r * cols + c];
    type = RankedTensorType::get({cols, rows}, type.getElementType());
    dense = DenseElementsAttr::get(type, llvm::makeArrayRef(packed));
  }
  std::string symbol = (name + "_" + role).str();
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(model);
    b.create<memref::GlobalOp>(symbol, b.getStringAttr("private"), memrefType, dense,
                               /*constant=*/true, b.getI64IntegerAttr(64));
  }
  return Value(b.create<memref::GetGlobalOp>(memrefType, symbol));
}

LogicalResult ModelLowering::run() {
  name = model->getAttrOfType<StringAttr>("s2s.model").getValue().str();
  auto decoders = llvm::to_vector(model.getOps<GreedyDecoderOp>());
  if (decoders.size() != 1)
    return model.emitError("expects exactly one s2s.greedy_decoder in a model function");
  GreedyDecoderOp decoder = decoders.front();
  auto encoder = decoder.getInitH().getDefiningOp<EncoderOp>();
  if (!encoder || decoder.getInitC().getDefiningOp<EncoderOp>() != encoder)
    return decoder.emitError("expects init_h and init_c to be the results of one s2s.encoder");
  auto embedding = encoder.getInput().getDefiningOp<EmbeddingOp>();
  if (!embedding || embedding.getIds() != model.getArgument(0) ||
      encoder.getLengths() != model.getArgument(1))
    return encoder.emitError("expects a token source: the encoder input must be the "
                             "embedding of the model's first argument");
  if (decoder.getPeek() != "none" || decoder.getFirstInput() != "bos")
    return decoder.emitError() << "peek '" << decoder.getPeek() << "' with first_input '"
                               << decoder.getFirstInput()
                               << "' is not supported yet (only peek none, first_input bos)";

  auto i32 = IntegerType::get(model.getContext(), 32);
  auto f32 = Float32Type::get(model.getContext());
  int64_t vocab = decoder.getEmbedding()[0].getType().cast<ShapedType>().getDimSize(0);
  auto srcType = MemRefType::get({-1, -1}, i32);
  auto lenType = MemRefType::get({-1}, i32);
  auto logitsType = MemRefType::get({-1, -1, vocab}, f32);
  auto funcType = FunctionType::get(
      model.getContext(),
      {srcType, lenType, srcType, lenType, logitsType, IntegerType::get(model.getContext(), 1)},
      {i32});
  HostBuilder b(model.getLoc(), model.getContext());
  b.setInsertionPoint(model);
  auto impl = b.create<FuncOp>(name + "_translate_impl", funcType);
  impl->setAttr("s2s.model", b.getStringAttr(name));
  int64_t srcVocab = embedding.getTable().getType().cast<ShapedType>().getDimSize(0);
  impl->setAttr("s2s.source_vocab", b.getI64IntegerAttr(srcVocab));
  impl->setAttr("s2s.target_vocab", b.getI64IntegerAttr(vocab));
  impl->setAttr("s2s.eos", decoder.getEosAttr());
  impl->setAttr("s2s.max_length", decoder.getMaxLengthAttr());
  Block *entry = impl.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Value src = entry->getArgument(0), srcLen = entry->getArgument(1);
  Value out = entry->getArgument(2), outLen = entry->getArgument(3);
  Value logits = entry->getArgument(4), wantLogits = entry->getArgument(5);

  // ---- Encoder --------------------------------------------------------------
  b.setLoc(encoder.getLoc());
  Value batch = b.dim(src, 0), srcSteps = b.dim(src, 1);
  Value rowsAll = b.mul(srcSteps, batch);
  // Time-major token ids; padded positions are never looked at by the model,
  // so they read id 0 instead of whatever the caller left there.
  Value ids = alloc1D(b, i32, rowsAll);
  b.forLoop(srcSteps, [&](Value t) {
    b.forLoop(batch, [&](Value bi) {
      Value valid = b.cmp(CmpIPredicate::slt, b.toI32(t), b.load(srcLen, {bi}));
      Value token = b.create<mlir::SelectOp>(valid, b.load(src, {bi, t}), b.i32(0));
      b.store(token, ids, {b.add(b.mul(t, batch), bi)});
    });
  });
  FailureOr<Value> srcTable = weight(b, embedding.getTable(), "source_embedding", false);
  if (failed(srcTable))
    return failure();
  int64_t srcEmbed = embedding.getTable().getType().cast<ShapedType>().getDimSize(1);
  Value layerInput = alloc(b, f32, srcEmbed, rowsAll);
  b.create<GatherOp>(ids, *srcTable, layerInput);

  int64_t encLayers = encoder.getNumLayers();
  int64_t encHidden = encoder.getH().getType().cast<ShapedType>().getDimSize(2);
  SmallVector<Value> finalH, finalC;
  for (int64_t l = 0; l < encLayers; ++l) {
    std::string prefix = "encoder_l" + std::to_string(l);
    auto wIh = weight(b, encoder.getWeights()[3 * l], prefix + "_w_ih_t", true);
    auto wHh = weight(b, encoder.getWeights()[3 * l + 1], prefix + "_w_hh_t", true);
    auto bias = weight(b, encoder.getWeights()[3 * l + 2], prefix + "_b", false);
    if (failed(wIh) || failed(wHh) || failed(bias))
      return failure();
    Value gates = alloc(b, f32, 4 * encHidden, rowsAll);
    b.create<SeqMatmulOp>(layerInput, *wIh, *bias, gates);
    Value stateRows = b.add(rowsAll, batch);
    Value hs = alloc(b, f32, encHidden, stateRows), cs = alloc(b, f32, encHidden, stateRows);
    fill2D(b, hs, batch, b.f32(0));
    fill2D(b, cs, batch, b.f32(0));
    b.forLoop(srcSteps, [&](Value t) {
      Value cur = b.mul(t, batch), next = b.add(cur, batch);
      b.create<LstmStepOp>(b.rows(gates, cur, batch), *wHh, b.rows(hs, cur, batch),
                           b.rows(cs, cur, batch), srcLen, b.toI32(t), b.rows(hs, next, batch),
                           b.rows(cs, next, batch), encoder.getGateActivationAttr());
    });
    finalH.push_back(b.rows(hs, rowsAll, batch));
    finalC.push_back(b.rows(cs, rowsAll, batch));
    layerInput = b.rows(hs, batch, rowsAll);
  }

  // ---- Decoder --------------------------------------------------------------
  b.setLoc(decoder.getLoc());
  int64_t decLayers = decoder.getNumLayers();
  int64_t decHidden = decoder.getLayers()[1].getType().cast<ShapedType>().getDimSize(1);
  int64_t tgtEmbed = decoder.getEmbedding()[0].getType().cast<ShapedType>().getDimSize(1);
  Value maxOut = b.dim(out, 1);
  Value maxLength = b.index(decoder.getMaxLengthAttr().getInt());
  Value steps = b.create<mlir::SelectOp>(b.cmp(CmpIPredicate::ult, maxOut, maxLength), maxOut,
                                          maxLength);
  SmallVector<Value> decH, decC;
  SmallVector<Value> decWih, decWhh, decBias;
  for (int64_t l = 0; l < decLayers; ++l) {
    std::string prefix = "decoder_l" + std::to_string(l);
    auto wIh = weight(b, decoder.getLayers()[3 * l], prefix + "_w_ih_t", true);
    auto wHh = weight(b, decoder.getLayers()[3 * l + 1], prefix + "_w_hh_t", true);
    auto bias = weight(b, decoder.getLayers()[3 * l + 2], prefix + "_b", false);
    if (failed(wIh) || failed(wHh) || failed(bias))
      return failure();
    decWih.push_back(*wIh);
    decWhh.push_back(*wHh);
    decBias.push_back(*bias);
    // Two row blocks per layer: the state before and after a step swap roles.
    Value twoBlocks = b.mul(batch, b.index(2));
    Value h = alloc(b, f32, decHidden, twoBlocks), c = alloc(b, f32, decHidden, twoBlocks);
    StringRef init = decoder.getInitState();
    if (init == "zeros") {
      fill2D(b, h, batch, b.f32(0));
      fill2D(b, c, batch, b.f32(0));
    } else {
      Value fromH = init == "top" ? finalH.back() : finalH[l];
      Value fromC = init == "top" ? finalC.back() : finalC[l];
      b.forLoop(batch, [&](Value r) {
        b.forLoop(b.index(decHidden), [&](Value k) {
          b.store(b.load(fromH, {r, k}), h, {r, k});
          b.store(b.load(fromC, {r, k}), c, {r, k});
        });
      });
    }
    decH.push_back(h);
    decC.push_back(c);
  }
  auto tgtTable = weight(b, decoder.getEmbedding()[0], "target_embedding", false);
  auto wOut = weight(b, decoder.getReadout()[0], "output_w_t", true);
  auto bOut = weight(b, decoder.getReadout()[1], "output_b", false);
  if (failed(tgtTable) || failed(wOut) || failed(bOut))
    return failure();

  Value eos = b.i32(decoder.getEosAttr().getInt());
  Value feedback = alloc1D(b, i32, batch), limit = alloc1D(b, i32, batch);
  Value stepsI32 = b.toI32(steps);
  b.forLoop(batch, [&](Value r) {
    b.store(b.i32(decoder.getBosAttr().getInt()), feedback, {r});
    b.store(stepsI32, limit, {r});
  });
  Value embedded = alloc(b, f32, tgtEmbed, batch);
  Value gates = alloc(b, f32, 4 * decHidden, batch);
  Value stepLogits = alloc(b, f32, vocab, batch);
  Value tokens = alloc1D(b, i32, batch);
  b.forLoop(steps, [&](Value s) {
    Value parity = b.create<arith::RemUIOp>(s, b.index(2));
    Value cur = b.mul(parity, batch);
    Value next = b.mul(b.sub(b.index(1), parity), batch);
    b.create<GatherOp>(feedback, *tgtTable, embedded);
    Value input = embedded;
    for (int64_t l = 0; l < decLayers; ++l) {
      b.create<SeqMatmulOp>(input, decWih[l], decBias[l], gates);
      Value hNext = b.rows(decH[l], next, batch);
      b.create<LstmStepOp>(gates, decWhh[l], b.rows(decH[l], cur, batch),
                           b.rows(decC[l], cur, batch), limit, b.toI32(s), hNext,
                           b.rows(decC[l], next, batch), decoder.getGateActivationAttr());
      input = hNext;
    }
    b.create<ProjectArgmaxOp>(input, *wOut, *bOut, stepLogits, tokens);
    // Greedy bookkeeping for the sequences still running.
    b.forLoop(batch, [&](Value r) {
      Value sI32 = b.toI32(s);
      b.ifThen(b.cmp(CmpIPredicate::slt, sI32, b.load(limit, {r})), [&] {
        Value token = b.load(tokens, {r});
        b.store(token, out, {r, s});
        b.store(token, feedback, {r});
        b.ifThen(wantLogits, [&] {
          b.forLoop(b.index(vocab), [&](Value v) {
            b.store(b.load(stepLogits, {r, v}), logits, {r, s, v});
          });
        });
        b.ifThen(b.cmp(CmpIPredicate::eq, token, eos),
                 [&] { b.store(b.add(sI32, b.i32(1)), limit, {r}); });
      });
    });
  });
  // Lengths, then EOS padding and zero scores past each sequence's end.
  b.forLoop(batch, [&](Value r) {
    Value length = b.load(limit, {r});
    b.store(length, outLen, {r});
    b.forLoop(b.toIndex(length), maxOut, [&](Value s) {
      b.store(eos, out, {r, s});
      b.ifThen(wantLogits, [&] {
        b.forLoop(b.index(vocab), [&](Value v) { b.store(b.f32(0), logits, {r, s, v}); });
      });
    });
  });
  for (Value m : allocations)
    b.create<memref::DeallocOp>(m);
  b.create<ReturnOp>(b.i32(0));
  model.erase();
  return success();
}

struct LowerToCellsPass : LowerToCellsBase<LowerToCellsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<FuncOp> models;
    for (FuncOp f : module.getOps<FuncOp>())
      if (f->hasAttr("s2s.model"))
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
