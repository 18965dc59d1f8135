//===- MLIRGen.cpp - ModelSpec + weights to model-level IR -----*- C++ -*-===//
///
/// Like Toy's MLIRGen: one op per spec section, each located at its key, so
/// `--mlir-print-debuginfo` and verifier errors point back into the YAML.
/// Weights enter as `arith.constant` tensors in the canonical layout.
///
//===----------------------------------------------------------------------===//
#include "s2s/Pipeline/MLIRGen.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Spec/SpecParser.h"

#include "mlir/Dialect/Arithmetic/IR/Arithmetic.h"
#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace s2s;

namespace {

class Generator {
public:
  Generator(const ModelSpec &spec, const ModelWeights &weights, llvm::SourceMgr &sm,
            MLIRContext *ctx)
      : spec(spec), weights(weights), sm(sm), ctx(ctx), b(ctx) {}

  OwningOpRef<ModuleOp> run();

private:
  Location loc(llvm::SMRange range) { return toLocation(sm, range.Start, ctx); }
  Value constant(const FloatTensor &t, Location l) {
    auto type = RankedTensorType::get(t.shape, b.getF32Type());
    return b.create<arith::ConstantOp>(l, DenseElementsAttr::get(type, llvm::makeArrayRef(t.data)));
  }
  /// A spec value as the dialect's enum (`symbolize` is symbolizeX). The spec
  /// parser accepts the same vocabulary; a value it let through that the
  /// dialect does not know is reported, not assumed.
  template <typename Enum>
  Enum enumOf(llvm::Optional<Enum> (*symbolize)(StringRef), const Located<std::string> &field) {
    if (llvm::Optional<Enum> value = symbolize(field.value))
      return *value;
    emitError(loc(field.range)) << "unknown value '" << field.value << "'";
    unknownValue = true;
    return Enum{};
  }
  SmallVector<Value> layers(ArrayRef<LstmLayerWeights> ws, Location l) {
    SmallVector<Value> values;
    for (const LstmLayerWeights &w : ws) {
      values.push_back(constant(w.wIh, l));
      values.push_back(constant(w.wHh, l));
      values.push_back(constant(w.b, l));
    }
    return values;
  }

  const ModelSpec &spec;
  const ModelWeights &weights;
  llvm::SourceMgr &sm;
  MLIRContext *ctx;
  OpBuilder b;
  bool unknownValue = false;
};

OwningOpRef<ModuleOp> Generator::run() {
  Location modelLoc = loc(spec.name.range);
  OwningOpRef<ModuleOp> module = ModuleOp::create(modelLoc);
  b.setInsertionPointToEnd(module->getBody());

  Type i32 = b.getI32Type(), f32 = b.getF32Type();
  const int64_t dyn = ShapedType::kDynamicSize;
  bool tokenSource = spec.source.isTokens(), tokenTarget = spec.target.isTokens();
  Type srcType = tokenSource ? RankedTensorType::get({dyn, dyn}, i32)
                             : RankedTensorType::get({dyn, dyn, spec.source.dim.value}, f32);
  SmallVector<Type> results;
  // Beam search: the K best of each row, tokens, lengths and scores.
  const bool beam = spec.search.strategy.value == "beam";
  const int64_t k = spec.search.beamWidth.value;
  if (tokenTarget && beam)
    results = {RankedTensorType::get({dyn, k, dyn}, i32), RankedTensorType::get({dyn, k}, i32),
               RankedTensorType::get({dyn, k}, f32)};
  else if (tokenTarget)
    results = {RankedTensorType::get({dyn, dyn}, i32), RankedTensorType::get({dyn}, i32),
               RankedTensorType::get({dyn, dyn, spec.target.vocab.value}, f32)};
  else
    results = {RankedTensorType::get({dyn, dyn, spec.target.dim.value}, f32)};
  // (source, lengths, max_out or steps) -> outputs
  auto funcType = b.getFunctionType(
      {srcType, RankedTensorType::get({dyn}, i32), b.getIndexType()}, results);
  auto func = b.create<FuncOp>(modelLoc, spec.name.value, funcType);
  func->setAttr(attr::kModel, b.getStringAttr(spec.name.value));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  Value src = entry->getArgument(0), srcLen = entry->getArgument(1);
  Value outSteps = entry->getArgument(2);

  Location srcLoc = loc(spec.source.range);
  Value encoderInput = src;
  if (tokenSource) {
    Value table = constant(weights.sourceEmbedding, srcLoc);
    encoderInput = b.create<EmbeddingOp>(
        srcLoc, RankedTensorType::get({dyn, dyn, spec.source.embed.value}, f32), src, table);
  }

  Location encLoc = loc(spec.encoder.range);
  int64_t encLayers = spec.encoder.layers.value, encHidden = spec.encoder.hidden.value;
  auto stateType = RankedTensorType::get({encLayers, dyn, encHidden}, f32);
  auto encoder = b.create<EncoderOp>(encLoc, stateType, stateType, encoderInput, srcLen,
                                     layers(weights.encoder, encLoc),
                                     enumOf(symbolizeGateActivation, spec.encoder.gateActivation));
  Value context = b.create<ContextOp>(encLoc, RankedTensorType::get({dyn, encHidden}, f32),
                                      encoder.getH());
  if (int64_t projected = spec.encoder.contextProjection.value) {
    Location projLoc = loc(spec.encoder.contextProjection.range);
    context = b.create<DenseOp>(projLoc, RankedTensorType::get({dyn, projected}, f32), context,
                                constant(weights.contextProjection.weight, projLoc),
                                constant(weights.contextProjection.bias, projLoc),
                                Activation::Linear);
  }

  Location decLoc = loc(spec.decoder.range);
  const StackSpec &dec = spec.decoder;
  Value wOut = constant(weights.output.weight, decLoc);
  Value bOut = constant(weights.output.bias, decLoc);
  SmallVector<Value> decLayers = layers(weights.decoder, decLoc);
  Operation *decoder;
  // Token decoders: the target embedding and the readout.
  SmallVector<Value> embedding, readout{wOut, bOut};
  if (tokenTarget)
    embedding.push_back(constant(weights.targetEmbedding, loc(spec.target.range)));
  if (tokenTarget && beam) {
    decoder = b.create<BeamDecoderOp>(
        decLoc, results[0], results[1], results[2], encoder.getH(), encoder.getC(), context,
        outSteps, embedding, decLayers, readout, spec.target.bos.value, spec.target.eos.value,
        spec.search.maxLength.value, enumOf(symbolizeGateActivation, dec.gateActivation),
        enumOf(symbolizePeek, dec.peek), enumOf(symbolizeFirstInput, dec.firstInput),
        enumOf(symbolizeInitState, dec.initState), k,
        enumOf(symbolizeLengthPenalty, spec.search.lengthPenalty),
        llvm::APFloat(spec.search.alpha.value));
  } else if (tokenTarget) {
    decoder = b.create<GreedyDecoderOp>(
        decLoc, results[0], results[1], results[2], encoder.getH(), encoder.getC(), context,
        outSteps, embedding, decLayers, readout, spec.target.bos.value, spec.target.eos.value,
        spec.search.maxLength.value,
        enumOf(symbolizeGateActivation, dec.gateActivation), enumOf(symbolizePeek, dec.peek),
        enumOf(symbolizeFirstInput, dec.firstInput), enumOf(symbolizeInitState, dec.initState));
  } else {
    decoder = b.create<VectorDecoderOp>(
        decLoc, results[0], encoder.getH(), encoder.getC(), context, outSteps, decLayers, wOut,
        bOut, spec.search.maxLength.value,
        enumOf(symbolizeActivation, spec.target.activation),
        enumOf(symbolizeGateActivation, dec.gateActivation), enumOf(symbolizePeek, dec.peek),
        enumOf(symbolizeFirstInput, dec.firstInput), enumOf(symbolizeInitState, dec.initState));
  }
  b.create<ReturnOp>(modelLoc, decoder->getResults());

  if (unknownValue || failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> s2s::buildModelModule(const ModelSpec &spec, const ModelWeights &weights,
                                            llvm::SourceMgr &sourceMgr, MLIRContext *context) {
  return Generator(spec, weights, sourceMgr, context).run();
}
