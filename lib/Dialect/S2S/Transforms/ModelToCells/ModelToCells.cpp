//===- ModelToCells.cpp - Model-level ops to cells in time loops -*- C++ -*-===//
///
/// Rewrites a function marked `s2s.model` (embedding -> encoder -> context ->
/// one decoder) into `<name>_translate_impl`, host code on memrefs, and
/// records its C API's shapes there (ModelInterface.h); and into the
/// step-wise API's `<name>_encode_impl` and `<name>_step_impl`. This file checks the
/// model's shape, builds the function's signature and runs the model-level
/// ops' patterns (ModelLowering.h) in program order.
///
//===----------------------------------------------------------------------===//
#include "DecoderStack.h"
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Rewrite/PatternApplicator.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace s2s;

namespace {

/// The model function is only read by the patterns; this rewriter is their
/// interface's, not used to change it.
struct ModelRewriter : PatternRewriter {
  explicit ModelRewriter(MLIRContext *context) : PatternRewriter(context) {}
};

/// Checks that `model` is the op graph the patterns lower; returns its
/// encoder and decoder.
LogicalResult checkModel(FuncOp model, EncoderOp &encoder, DecoderOpInterface &decoder) {
  auto decoders = llvm::to_vector(model.getOps<DecoderOpInterface>());
  if (decoders.size() != 1)
    return model.emitError("expects exactly one decoder (s2s.greedy_decoder, s2s.beam_decoder "
                           "or s2s.vector_decoder) in a model function");
  decoder = decoders.front();
  Value initH = decoder.getInitH(), initC = decoder.getInitC();
  Value contextTensor = decoder.getContext();
  encoder = initH.getDefiningOp<EncoderOp>();
  if (!encoder || initC.getDefiningOp<EncoderOp>() != encoder)
    return decoder.emitError("expects init_h and init_c to be the results of one s2s.encoder");
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
    return decoder.emitError("expects the context to be s2s.context of the encoder's h, "
                              "optionally through one s2s.dense");
  return success();
}

/// The C API's shapes of the model, and the impl's signature: source,
/// lengths, then the decoder's outputs (destination passing).
ModelInterface describe(FuncOp model, EncoderOp encoder, DecoderOpInterface decoder,
                        SmallVector<Type> &arguments) {
  MLIRContext *ctx = model.getContext();
  auto srcTensor = model.getArgument(0).getType().cast<RankedTensorType>();
  arguments = {MemRefType::get(srcTensor.getShape(), srcTensor.getElementType()),
               MemRefType::get({-1}, IntegerType::get(ctx, 32))};
  ModelInterface api;
  api.name = modelNameOf(model).str();
  if (auto embedding = encoder.getInput().getDefiningOp<EmbeddingOp>()) {
    api.sourceSize = dimOf(embedding.getTable(), 0);
  } else {
    api.tokenSource = false;
    api.sourceSize = srcTensor.getDimSize(2);
  }
  decoder.describeOutputs(api, arguments);
  return api;
}

/// The decoder's description as its patterns read it.
DecoderConfig configOf(DecoderOpInterface decoder) {
  return TypeSwitch<Operation *, DecoderConfig>(decoder)
      .Case<GreedyDecoderOp, BeamDecoderOp, VectorDecoderOp>(
          [](auto op) { return DecoderConfig::of(op); });
}

/// Builds the host function `<name><suffix>(arguments) -> i32` before
/// `model` and lowers into it, in program order, the ops of `model` that
/// `lowered` accepts, with `populate`'s patterns. The first `bound` model
/// arguments are the function's first ones; the rest are the lowering's
/// outputs.
FailureOr<FuncOp>
buildHostFunction(FuncOp model, StringRef name, StringRef suffix, ArrayRef<Type> arguments,
                  unsigned bound,
                  llvm::function_ref<void(RewritePatternSet &, ModelLowering &)> populate,
                  llvm::function_ref<bool(Operation &)> lowered) {
  MLIRContext *ctx = model.getContext();
  OpBuilder b(model);
  auto f = b.create<FuncOp>(model.getLoc(), (name + suffix).str(),
                            FunctionType::get(ctx, arguments, {IntegerType::get(ctx, 32)}));
  f->setAttr(attr::kModel, b.getStringAttr(name));
  Block *entry = f.addEntryBlock();

  ModelLowering lowering(f, name);
  for (unsigned i = 0; i < bound; ++i)
    lowering.memrefOf[model.getArgument(i)] = entry->getArgument(i);
  lowering.outputs.assign(entry->args_begin() + bound, entry->args_end());
  RewritePatternSet patterns(ctx);
  populate(patterns, lowering);
  FrozenRewritePatternSet frozen(std::move(patterns));
  PatternApplicator applicator(frozen);
  applicator.applyDefaultCostModel();
  ModelRewriter rewriter(ctx);
  for (Operation &op : model.getOps()) {
    if (!lowered(op))
      continue;
    bool hasPattern = false;
    auto tried = [&](const Pattern &) { return hasPattern = true; };
    if (succeeded(applicator.matchAndRewrite(&op, rewriter, tried)))
      continue;
    if (!hasPattern)
      op.emitError() << "s2s-lower-to-cells has no lowering for '" << op.getName() << "'";
    return failure();
  }
  lowering.finish();
  return f;
}

LogicalResult lowerModel(FuncOp model) {
  EncoderOp encoder;
  DecoderOpInterface decoder;
  if (failed(checkModel(model, encoder, decoder)))
    return failure();
  SmallVector<Type> arguments;
  ModelInterface api = describe(model, encoder, decoder, arguments);
  DecoderConfig config = configOf(decoder);
  api.stateWidth = StateLayout::of(config).width();
  MLIRContext *ctx = model.getContext();
  // Weights, the return and embeddings: read by the s2s ops that use them.
  auto modelOp = [](Operation &op) {
    return isa<S2SDialect>(op.getDialect()) && !isa<EmbeddingOp>(op);
  };
  auto translate = buildHostFunction(
      model, api.name, "_translate_impl", arguments, 2,
      [](RewritePatternSet &patterns, ModelLowering &lowering) {
        populateEncoderLowerings(patterns, lowering);
        populateTokenDecoderLowering(patterns, lowering);
        populateBeamDecoderLowering(patterns, lowering);
        populateVectorDecoderLowering(patterns, lowering);
      },
      modelOp);
  if (failed(translate))
    return failure();
  api.attachTo(*translate);

  // The step-wise API: encode(src, src_len, state), step(state, prev,
  // has_prev, out) with out the logits or the output vectors.
  Type f32 = Float32Type::get(ctx), i32 = IntegerType::get(ctx, 32);
  auto stateType = MemRefType::get({-1, api.stateWidth}, f32);
  auto encode = buildHostFunction(
      model, api.name, "_encode_impl", {arguments[0], arguments[1], stateType}, 2,
      [](RewritePatternSet &patterns, ModelLowering &lowering) {
        populateEncoderLowerings(patterns, lowering);
        populateDecoderInitLowerings(patterns, lowering);
      },
      modelOp);
  Type prevType = api.tokenTarget ? Type(MemRefType::get({-1}, i32))
                                  : Type(MemRefType::get({-1, api.targetSize}, f32));
  auto outType = MemRefType::get({-1, api.targetSize}, f32);
  auto step = buildHostFunction(
      model, api.name, "_step_impl", {stateType, prevType, IntegerType::get(ctx, 1), outType}, 0,
      populateDecoderStepLowerings, [](Operation &op) { return isa<DecoderOpInterface>(op); });
  if (failed(encode) || failed(step))
    return failure();
  model.erase();
  return success();
}

struct LowerToCellsPass : LowerToCellsBase<LowerToCellsPass> {
  void runOnOperation() override {
    SmallVector<FuncOp> models;
    for (FuncOp f : getOperation().getOps<FuncOp>())
      if (isModelFunction(f))
        models.push_back(f);
    for (FuncOp f : models)
      if (failed(lowerModel(f)))
        return signalPassFailure();
  }
};

} // namespace

std::unique_ptr<Pass> s2s::createLowerToCellsPass() { return std::make_unique<LowerToCellsPass>(); }
