//===- ModelToCells.cpp - Model-level ops to cells in time loops -*- C++ -*-===//
///
/// Rewrites a function marked `s2s.model` (embedding -> encoder -> context ->
/// one decoder) into `<name>_translate_impl`, host code on memrefs, and
/// records its C API's shapes there (ModelInterface.h). This file checks the
/// model's shape, builds the function's signature and runs the model-level
/// ops' patterns (ModelLowering.h) in program order.
///
//===----------------------------------------------------------------------===//
#include "ModelLowering.h"
#include "PassDetail.h"
#include "s2s/Dialect/S2S/ModelInterface.h"
#include "s2s/Dialect/S2S/S2SDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Rewrite/FrozenRewritePatternSet.h"
#include "mlir/Rewrite/PatternApplicator.h"

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

LogicalResult lowerModel(FuncOp model) {
  EncoderOp encoder;
  DecoderOpInterface decoder;
  if (failed(checkModel(model, encoder, decoder)))
    return failure();
  SmallVector<Type> arguments;
  ModelInterface api = describe(model, encoder, decoder, arguments);
  MLIRContext *ctx = model.getContext();
  OpBuilder b(model);
  auto impl = b.create<FuncOp>(model.getLoc(), api.name + "_translate_impl",
                               FunctionType::get(ctx, arguments, {IntegerType::get(ctx, 32)}));
  api.attachTo(impl);
  Block *entry = impl.addEntryBlock();

  ModelLowering lowering(impl, api.name);
  lowering.memrefOf[model.getArgument(0)] = entry->getArgument(0);
  lowering.memrefOf[model.getArgument(1)] = entry->getArgument(1);
  lowering.outputs.assign(entry->args_begin() + 2, entry->args_end());
  RewritePatternSet patterns(ctx);
  populateEncoderLowerings(patterns, lowering);
  populateTokenDecoderLowering(patterns, lowering);
  populateBeamDecoderLowering(patterns, lowering);
  populateVectorDecoderLowering(patterns, lowering);
  FrozenRewritePatternSet frozen(std::move(patterns));
  PatternApplicator applicator(frozen);
  applicator.applyDefaultCostModel();
  ModelRewriter rewriter(ctx);
  for (Operation &op : model.getOps()) {
    // Weights, the return and embeddings: read by the s2s ops that use them.
    if (!isa<S2SDialect>(op.getDialect()) || isa<EmbeddingOp>(op))
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
