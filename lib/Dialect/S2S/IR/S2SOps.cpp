//===- S2SOps.cpp - s2s operations and their verifiers ---------*- C++ -*-===//
///
/// Verifiers check every shape relation the lowering relies on and print the
/// expected and the actual value. A dynamic size (`?`) matches anything.
///
//===----------------------------------------------------------------------===//
#include "s2s/Dialect/S2S/S2SOps.h"
#include "s2s/Dialect/S2S/ModelInterface.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include <cmath>

using namespace mlir;
using namespace s2s;

namespace {
/// Checks that dimension `dim` of `type` equals `expected` unless either is
/// dynamic; `what` names the operand for the message.
LogicalResult checkDim(Operation *op, Type type, unsigned dim, int64_t expected,
                       StringRef what, StringRef why) {
  auto shaped = type.cast<ShapedType>();
  int64_t actual = shaped.getDimSize(dim);
  if (actual == ShapedType::kDynamicSize || expected == ShapedType::kDynamicSize ||
      actual == expected)
    return success();
  return op->emitOpError() << "expects " << what << " dimension " << dim << " to be "
                           << expected << " (" << why << "), got " << actual;
}

LogicalResult checkRank(Operation *op, Type type, int64_t rank, StringRef what) {
  auto shaped = type.cast<ShapedType>();
  if (shaped.hasRank() && shaped.getRank() == rank)
    return success();
  return op->emitOpError() << "expects " << what << " of rank " << rank << ", got " << type;
}

/// Checks the ranks of every layer's weights (2, 2, 1) before any of their
/// dimensions is read.
LogicalResult checkLayerRanks(Operation *op, ValueRange w) {
  static const char *names[] = {"w_ih", "w_hh", "b"};
  for (size_t i = 0; i < w.size(); ++i)
    if (failed(checkRank(op, w[i].getType(), i % 3 == 2 ? 1 : 2,
                         ("layer " + Twine(i / 3) + " " + names[i % 3]).str())))
      return failure();
  return success();
}

/// Checks one LSTM layer's weights [4H, in], [4H, H], [4H].
LogicalResult checkLstmLayer(Operation *op, ValueRange w, unsigned layer,
                             int64_t hidden, int64_t inputSize) {
  std::string prefix = ("layer " + Twine(layer) + " ").str();
  for (auto it : llvm::enumerate(std::array<int64_t, 3>{2, 2, 1}))
    if (failed(checkRank(op, w[it.index()].getType(), it.value(),
                         prefix + (it.index() == 0   ? "w_ih"
                                   : it.index() == 1 ? "w_hh"
                                                     : "b"))))
      return failure();
  // A dynamic hidden size matches anything (4 x ? is still ?).
  int64_t gates = hidden == ShapedType::kDynamicSize ? hidden : 4 * hidden;
  if (failed(checkDim(op, w[0].getType(), 0, gates, prefix + "w_ih", "4 x hidden")) ||
      failed(checkDim(op, w[0].getType(), 1, inputSize, prefix + "w_ih", "layer input size")) ||
      failed(checkDim(op, w[1].getType(), 0, gates, prefix + "w_hh", "4 x hidden")) ||
      failed(checkDim(op, w[1].getType(), 1, hidden, prefix + "w_hh", "hidden")) ||
      failed(checkDim(op, w[2].getType(), 0, gates, prefix + "b", "4 x hidden")))
    return failure();
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// Model level
//===----------------------------------------------------------------------===//

static LogicalResult verify(EmbeddingOp op) {
  auto ids = op.getIds().getType().cast<ShapedType>();
  auto result = op.getResult().getType().cast<ShapedType>();
  if (!ids.hasRank() || !result.hasRank() || result.getRank() != ids.getRank() + 1)
    return op.emitOpError() << "expects a result of rank " << ids.getRank() + 1
                            << " (ids rank + 1), got " << result;
  for (int64_t i = 0; i < ids.getRank(); ++i)
    if (failed(checkDim(op, result, i, ids.getDimSize(i), "result", "ids")))
      return failure();
  return checkDim(op, result, ids.getRank(), dimOf(op.getTable().getType(), 1), "result",
                  "embedding size of the table");
}

static LogicalResult verify(EncoderOp op) {
  size_t n = op.getWeights().size();
  if (n == 0 || n % 3 != 0)
    return op.emitOpError() << "expects 3 weights per layer (w_ih, w_hh, b), got " << n;
  if (failed(checkLayerRanks(op, op.getWeights())))
    return failure();
  int64_t layers = op.getNumLayers();
  Type h = op.getH().getType();
  if (failed(checkDim(op, h, 0, layers, "h", "number of layers")) ||
      failed(checkDim(op, op.getC().getType(), 0, layers, "c", "number of layers")))
    return failure();
  if (op.getH().getType() != op.getC().getType())
    return op.emitOpError() << "expects h and c of the same type, got " << op.getH().getType()
                            << " and " << op.getC().getType();
  int64_t hidden = dimOf(op.getWeights()[1].getType(), 1);
  if (failed(checkDim(op, h, 2, hidden, "h", "hidden size of w_hh")) ||
      failed(checkDim(op, h, 1, dimOf(op.getInput().getType(), 0), "h", "batch of input")) ||
      failed(checkDim(op, op.getLengths().getType(), 0, dimOf(op.getInput().getType(), 0),
                      "lengths", "batch of input")))
    return failure();
  int64_t inputSize = dimOf(op.getInput().getType(), 2);
  for (int64_t l = 0; l < layers; ++l)
    if (failed(checkLstmLayer(op, op.getWeights().slice(3 * l, 3), l, hidden,
                              l == 0 ? inputSize : hidden)))
      return failure();
  return success();
}

static LogicalResult verify(ContextOp op) {
  if (failed(checkDim(op, op.getContext().getType(), 0, dimOf(op.getH().getType(), 1),
                      "context", "batch of h")) ||
      failed(checkDim(op, op.getContext().getType(), 1, dimOf(op.getH().getType(), 2),
                      "context", "hidden size of h")))
    return failure();
  return success();
}

/// Checks shared by the token and the vector decoder: the layer weights, the
/// input size of layer 0 (feedback, plus the context for peek concat) and the
/// initial state's shape. ODS has checked the attribute values.
static LogicalResult verifyDecoderStack(Operation *op, ValueRange layers, int64_t feedback,
                                        Type contextType, Type initType, Peek peek,
                                        FirstInput firstInput, InitState initState) {
  size_t n = layers.size();
  if (n == 0 || n % 3 != 0)
    return op->emitOpError() << "expects 3 layer weights per layer (w_ih, w_hh, b), got " << n;
  if (failed(checkLayerRanks(op, layers)))
    return failure();
  int64_t hidden = dimOf(layers[1].getType(), 1);
  int64_t numLayers = n / 3;
  int64_t context = dimOf(contextType, 1);
  bool dynamic = feedback == ShapedType::kDynamicSize || context == ShapedType::kDynamicSize;
  int64_t in0 = peek == Peek::Concat ? (dynamic ? ShapedType::kDynamicSize : feedback + context)
                                 : feedback;
  for (int64_t l = 0; l < numLayers; ++l)
    if (failed(checkLstmLayer(op, layers.slice(3 * l, 3), l, hidden, l == 0 ? in0 : hidden)))
      return failure();
  if ((peek == Peek::Add || firstInput == FirstInput::Context) &&
      failed(checkDim(op, contextType, 1, feedback, "context",
                      "feedback size, for peek add or first_input context")))
    return failure();
  if (initState == InitState::Encoder &&
      (failed(checkDim(op, initType, 0, numLayers, "init_h",
                       "decoder layers, for init_state encoder")) ||
       failed(checkDim(op, initType, 2, hidden, "init_h",
                       "decoder hidden size, for init_state encoder"))))
    return failure();
  if (initState == InitState::Top &&
      failed(checkDim(op, initType, 2, hidden, "init_h", "decoder hidden size, for init_state top")))
    return failure();
  return success();
}

/// What greedy and beam token decoders share: embedding, stack, readout,
/// bos, eos and max_length.
template <typename TokenDecoderOp> static LogicalResult verifyTokenDecoder(TokenDecoderOp op) {
  if (op.getEmbedding().size() != 1)
    return op.emitOpError() << "expects 1 embedding table for a token decoder, got "
                            << op.getEmbedding().size();
  if (op.getReadout().size() != 2)
    return op.emitOpError() << "expects 2 readout weights (w_out, b_out), got "
                            << op.getReadout().size();
  Type table = op.getEmbedding()[0].getType();
  if (failed(checkRank(op, table, 2, "embedding")) ||
      failed(checkRank(op, op.getReadout()[0].getType(), 2, "w_out")) ||
      failed(checkRank(op, op.getReadout()[1].getType(), 1, "b_out")))
    return failure();
  int64_t vocab = dimOf(table, 0), embed = dimOf(table, 1);
  if (failed(verifyDecoderStack(op, op.getLayers(), embed, op.getContext().getType(),
                                op.getInitH().getType(), op.getPeek(), op.getFirstInput(),
                                op.getInitState())))
    return failure();
  int64_t hidden = dimOf(op.getLayers()[1].getType(), 1);
  Type wOut = op.getReadout()[0].getType();
  if (failed(checkDim(op, wOut, 0, vocab, "w_out", "vocabulary of the embedding")) ||
      failed(checkDim(op, wOut, 1, hidden, "w_out", "decoder hidden size")) ||
      failed(checkDim(op, op.getReadout()[1].getType(), 0, vocab, "b_out", "vocabulary")))
    return failure();
  int64_t bos = op.getBosAttr().getInt();
  if (bos < 0 || (vocab != ShapedType::kDynamicSize && bos >= vocab))
    return op.emitOpError() << "expects bos in 0.." << vocab - 1 << ", got " << bos;
  int64_t eos = op.getEosAttr().getInt();
  if (eos < 0 || (vocab != ShapedType::kDynamicSize && eos >= vocab))
    return op.emitOpError() << "expects eos in 0.." << vocab - 1 << ", got " << eos;
  if (op.getMaxLengthAttr().getInt() < 1)
    return op.emitOpError() << "expects max_length >= 1, got " << op.getMaxLengthAttr().getInt();
  return success();
}

static LogicalResult verify(GreedyDecoderOp op) {
  if (failed(verifyTokenDecoder(op)))
    return failure();
  return checkDim(op, op.getLogits().getType(), 2, dimOf(op.getEmbedding()[0], 0), "logits",
                  "vocabulary");
}

static LogicalResult verify(BeamDecoderOp op) {
  if (failed(verifyTokenDecoder(op)))
    return failure();
  // The spec's bound on sizes: the lowering builds tables of max_length
  // (length penalties) and loops of 2 * beam_width at compile time.
  constexpr int64_t kMaxSize = int64_t(1) << 24;
  int64_t k = op.getBeamWidthAttr().getInt();
  if (k < 1 || k > kMaxSize)
    return op.emitOpError() << "expects beam_width in 1.." << kMaxSize << ", got " << k;
  if (op.getMaxLengthAttr().getInt() > kMaxSize)
    return op.emitOpError() << "expects max_length <= " << kMaxSize << " for beam search, got "
                            << op.getMaxLengthAttr().getInt();
  double alpha = op.getAlphaAttr().getValueAsDouble();
  if (!std::isfinite(alpha) || alpha < 0)
    return op.emitOpError() << "expects alpha to be a finite number >= 0, got " << alpha;
  if (failed(checkDim(op, op.getTokens().getType(), 1, k, "tokens", "beam_width")) ||
      failed(checkDim(op, op.getLengths().getType(), 1, k, "lengths", "beam_width")) ||
      failed(checkDim(op, op.getScores().getType(), 1, k, "scores", "beam_width")))
    return failure();
  return success();
}

static LogicalResult verify(VectorDecoderOp op) {
  if (op.getFirstInput() == FirstInput::Bos)
    return op.emitOpError() << "expects first_input context or zeros: a vector decoder has "
                               "no start token";
  int64_t dim = dimOf(op.getWOut().getType(), 0);
  if (failed(verifyDecoderStack(op, op.getLayers(), dim, op.getContext().getType(),
                                op.getInitH().getType(), op.getPeek(), op.getFirstInput(),
                                op.getInitState())))
    return failure();
  int64_t hidden = dimOf(op.getLayers()[1].getType(), 1);
  if (failed(checkDim(op, op.getWOut().getType(), 1, hidden, "w_out", "decoder hidden size")) ||
      failed(checkDim(op, op.getBOut().getType(), 0, dim, "b_out", "output size of w_out")) ||
      failed(checkDim(op, op.getOutputs().getType(), 2, dim, "outputs", "output size of w_out")))
    return failure();
  if (op.getMaxLengthAttr().getInt() < 1)
    return op.emitOpError() << "expects max_length >= 1, got " << op.getMaxLengthAttr().getInt();
  return success();
}

static LogicalResult verify(DenseOp op) {
  Type x = op.getX().getType(), w = op.getWeight().getType();
  if (failed(checkDim(op, w, 1, dimOf(x, 1), "weight", "input size of x")) ||
      failed(checkDim(op, op.getBias().getType(), 0, dimOf(w, 0), "bias", "output size")) ||
      failed(checkDim(op, op.getResult().getType(), 1, dimOf(w, 0), "result", "output size")) ||
      failed(checkDim(op, op.getResult().getType(), 0, dimOf(x, 0), "result", "rows of x")))
    return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// DecoderOpInterface: each decoder's side of the C API
//===----------------------------------------------------------------------===//

/// A token decoder's facts in the C API: its vocabulary, bos, eos, max_length.
template <typename TokenDecoderOp>
static void describeTokenTarget(TokenDecoderOp op, ModelInterface &api) {
  api.tokenTarget = true;
  api.targetSize = dimOf(op.getEmbedding()[0], 0);
  api.bos = op.getBos();
  api.eos = op.getEos();
  api.maxLength = op.getMaxLength();
}

void GreedyDecoderOp::describeOutputs(ModelInterface &api, SmallVectorImpl<Type> &outputs) {
  MLIRContext *ctx = getOperation()->getContext(); // getContext(): the context operand
  Type i32 = IntegerType::get(ctx, 32);
  describeTokenTarget(*this, api);
  // tokens, lengths, logits and whether the caller wants them.
  outputs.append({MemRefType::get({-1, -1}, i32), MemRefType::get({-1}, i32),
                  MemRefType::get({-1, -1, api.targetSize}, Float32Type::get(ctx)),
                  IntegerType::get(ctx, 1)});
}

void BeamDecoderOp::describeOutputs(ModelInterface &api, SmallVectorImpl<Type> &outputs) {
  MLIRContext *ctx = getOperation()->getContext(); // getContext(): the context operand
  Type i32 = IntegerType::get(ctx, 32);
  describeTokenTarget(*this, api);
  api.beamWidth = getBeamWidth();
  // tokens [B, n_best, max_out], lengths [B, n_best], scores [B, n_best] and
  // whether the caller wants them.
  outputs.append({MemRefType::get({-1, -1, -1}, i32), MemRefType::get({-1, -1}, i32),
                  MemRefType::get({-1, -1}, Float32Type::get(ctx)), IntegerType::get(ctx, 1)});
}

void VectorDecoderOp::describeOutputs(ModelInterface &api, SmallVectorImpl<Type> &outputs) {
  api.tokenTarget = false;
  api.targetSize = dimOf(getWOut(), 0);
  api.maxLength = getMaxLength();
  outputs.push_back(MemRefType::get({-1, -1, api.targetSize}, Float32Type::get(getOperation()->getContext())));
}

//===----------------------------------------------------------------------===//
// Cell level
//===----------------------------------------------------------------------===//

static LogicalResult verify(WeightOp op) {
  auto value = op.getValue().getType().cast<ShapedType>();
  auto result = op.getResult().getType().cast<MemRefType>();
  int64_t rank = value.getRank();
  if (rank < 1 || rank > 2)
    return op.emitOpError() << "expects a value of rank 1 or 2, got " << value;
  int64_t rows = value.getDimSize(0);
  if (op.getRows() != WeightRows::Plain && rows % 4 != 0)
    return op.emitOpError() << "expects " << rows << " rows to be 4H gate rows";
  if (op.getRows() == WeightRows::Recurrent && !op.getTranspose())
    return op.emitOpError("expects a recurrent weight to be transposed");
  SmallVector<int64_t> packed = llvm::to_vector(value.getShape());
  if (op.getTranspose()) {
    if (rank != 2)
      return op.emitOpError("expects a transposed value of rank 2");
    int64_t cols = value.getDimSize(1), begin = op.getBeginAttr().getInt();
    int64_t end = op.getEndAttr().getInt() < 0 ? cols : op.getEndAttr().getInt();
    if (begin < 0 || begin >= end || end > cols)
      return op.emitOpError() << "expects columns [" << begin << ", " << end << ") within " << cols;
    packed = {end - begin, rows};
  }
  if (result.getShape() != llvm::makeArrayRef(packed))
    return op.emitOpError() << "expects a result of shape "
                            << MemRefType::get(packed, result.getElementType())
                            << " (the value packed), got " << result;
  return success();
}

static LogicalResult verify(FoldInputProjectionOp op) {
  for (Value operand : op->getOperands())
    if (!operand.getDefiningOp<WeightOp>())
      return op.emitOpError("expects its operands to be s2s.weight results");
  Type e = op.getEmbedding().getType(), wt = op.getWt().getType(), out = op.getType();
  if (failed(checkDim(op, wt, 0, dimOf(e, 1), "wt", "embedding size")) ||
      (op.getBias() &&
       failed(checkDim(op, op.getBias().getType(), 0, dimOf(wt, 1), "bias", "gates of wt"))) ||
      failed(checkDim(op, out, 0, dimOf(e, 0), "result", "vocabulary")) ||
      failed(checkDim(op, out, 1, dimOf(wt, 1), "result", "gates of wt")))
    return failure();
  return success();
}

static LogicalResult verify(GatherOp op) {
  Type out = op.getOut().getType();
  if (failed(checkDim(op, out, 0, dimOf(op.getIds().getType(), 0), "out", "number of ids")) ||
      failed(checkDim(op, out, 1, dimOf(op.getTable().getType(), 1), "out",
                      "embedding size of the table")))
    return failure();
  return success();
}

static LogicalResult verify(SeqMatmulOp op) {
  Type x = op.getX().getType(), wt = op.getWt().getType(), out = op.getOut().getType();
  if (failed(checkDim(op, wt, 0, dimOf(x, 1), "wt", "input size of x")) ||
      failed(checkDim(op, op.getBias().getType(), 0, dimOf(wt, 1), "bias", "output size of wt")) ||
      failed(checkDim(op, out, 0, dimOf(x, 0), "out", "rows of x")) ||
      failed(checkDim(op, out, 1, dimOf(wt, 1), "out", "output size of wt")))
    return failure();
  return success();
}

static LogicalResult verify(SeqMatmulAddOp op) {
  Type x = op.getX().getType(), wt = op.getWt().getType(), out = op.getOut().getType();
  if (failed(checkDim(op, wt, 0, dimOf(x, 1), "wt", "input size of x")) ||
      failed(checkDim(op, out, 0, dimOf(x, 0), "out", "rows of x")) ||
      failed(checkDim(op, out, 1, dimOf(wt, 1), "out", "output size of wt")) ||
      failed(checkDim(op, op.getAddend().getType(), 0, dimOf(x, 0), "addend", "rows of x")) ||
      failed(checkDim(op, op.getAddend().getType(), 1, dimOf(wt, 1), "addend",
                      "output size of wt")))
    return failure();
  return success();
}

static LogicalResult verify(LstmStepOp op) {
  Type whht = op.getWhht().getType();
  int64_t hidden = dimOf(whht, 0);
  int64_t batch = dimOf(op.getH().getType(), 0);
  if (failed(checkDim(op, whht, 1, hidden == ShapedType::kDynamicSize ? hidden : 4 * hidden,
                      "whht", "4 x hidden")) ||
      failed(checkDim(op, op.getXg().getType(), 1, dimOf(whht, 1), "xg", "4 x hidden")) ||
      failed(checkDim(op, op.getXg().getType(), 0, batch, "xg", "batch of h")) ||
      failed(checkDim(op, op.getLimit().getType(), 0, batch, "limit", "batch of h")))
    return failure();
  for (auto [value, name] : {std::pair<Value, StringRef>{op.getH(), "h"},
                             {op.getC(), "c"},
                             {op.getHOut(), "h_out"},
                             {op.getCOut(), "c_out"}})
    if (failed(checkDim(op, value.getType(), 1, hidden, name, "hidden size of whht")) ||
        failed(checkDim(op, value.getType(), 0, batch, name, "batch of h")))
      return failure();
  return success();
}

static LogicalResult verify(ProjectArgmaxOp op) {
  Type wt = op.getWt().getType();
  int64_t batch = dimOf(op.getH().getType(), 0);
  if (failed(checkDim(op, wt, 0, dimOf(op.getH().getType(), 1), "wt", "hidden size of h")) ||
      failed(checkDim(op, op.getBias().getType(), 0, dimOf(wt, 1), "bias", "vocabulary of wt")) ||
      failed(checkDim(op, op.getLogits().getType(), 1, dimOf(wt, 1), "logits",
                      "vocabulary of wt")) ||
      failed(checkDim(op, op.getLogits().getType(), 0, batch, "logits", "batch of h")) ||
      failed(checkDim(op, op.getTokens().getType(), 0, batch, "tokens", "batch of h")))
    return failure();
  return success();
}

static LogicalResult verify(LogSoftmaxTopKOp op) {
  Type logits = op.getLogits().getType(), scores = op.getScores().getType();
  int64_t batch = dimOf(logits, 0), candidates = dimOf(scores, 1);
  if (failed(checkDim(op, op.getTokens().getType(), 1, candidates, "tokens",
                      "candidates of scores")) ||
      failed(checkDim(op, scores, 0, batch, "scores", "batch of logits")) ||
      failed(checkDim(op, op.getTokens().getType(), 0, batch, "tokens", "batch of logits")))
    return failure();
  int64_t vocab = dimOf(logits, 1);
  if (ShapedType::isDynamic(vocab) || ShapedType::isDynamic(candidates))
    return op.emitOpError("expects a static vocabulary and candidate count");
  if (candidates < 1 || candidates > vocab)
    return op.emitOpError() << "expects 1.." << vocab << " candidates (the vocabulary), got "
                            << candidates;
  return success();
}

//===----------------------------------------------------------------------===//
// Kernel level
//===----------------------------------------------------------------------===//

/// One argument of a kernel: a memref of `rank` (0: an i32 scalar) of f32 or
/// i32 elements, read or written. A kernel takes its cell op's operands in
/// order (OutlineKernels.cpp), which is HalideBackend.h's ABI.
struct KernelArgument {
  unsigned rank;
  bool isFloat, isOutput;
};

/// What a kernel of one family is: the static sizes it is generated for
/// (integer attributes of s2s.kernel) and the arguments its calls pass.
struct KernelSignature {
  ArrayRef<StringRef> sizes;
  ArrayRef<KernelArgument> arguments;
};

static KernelSignature signatureOf(KernelFamily family) {
  constexpr KernelArgument in1i{1, false, false}, in1f{1, true, false}, in2f{2, true, false},
      out1i{1, false, true}, out2i{2, false, true}, out2f{2, true, true}, scalar{0, false, false};
  static const StringRef gatherSizes[] = {"embed", "vocab"}, matmulSizes[] = {"input", "output"},
                         lstmSizes[] = {"hidden"}, projectSizes[] = {"hidden", "vocab"},
                         topKSizes[] = {"vocab", "candidates"};
  // gather: ids, table, out
  static const KernelArgument gather[] = {in1i, in2f, out2f};
  // matmul: x, wt, bias, out; matmul_add: x, wt, addend, out
  static const KernelArgument matmul[] = {in2f, in2f, in1f, out2f};
  static const KernelArgument matmulAdd[] = {in2f, in2f, in2f, out2f};
  // lstm_step: xg, whht, h, c, limit, t, h_out, c_out
  static const KernelArgument lstm[] = {in2f, in2f, in2f, in2f, in1i, scalar, out2f, out2f};
  // project_argmax: h, wt, bias, logits, tokens
  static const KernelArgument project[] = {in2f, in2f, in1f, out2f, out1i};
  // log_softmax_top_k: logits, scores, tokens
  static const KernelArgument topK[] = {in2f, out2f, out2i};
  switch (family) {
  case KernelFamily::Gather:
    return {gatherSizes, gather};
  case KernelFamily::Matmul:
    return {matmulSizes, matmul};
  case KernelFamily::MatmulAdd:
    return {matmulSizes, matmulAdd};
  case KernelFamily::LstmStep:
    return {lstmSizes, lstm};
  case KernelFamily::ProjectArgmax:
    return {projectSizes, project};
  case KernelFamily::LogSoftmaxTopK:
    return {topKSizes, topK};
  }
  llvm_unreachable("unknown kernel family");
}

static LogicalResult verify(KernelOp op) {
  for (StringRef name : signatureOf(op.getFamily()).sizes) {
    auto size = op->getAttrOfType<IntegerAttr>(name);
    if (!size || size.getInt() < 1)
      return op.emitOpError() << "expects a positive integer attribute '" << name << "' for family "
                              << stringifyKernelFamily(op.getFamily());
  }
  return success();
}

static unsigned numOutputs(KernelFamily family) {
  return llvm::count_if(signatureOf(family).arguments,
                        [](const KernelArgument &a) { return a.isOutput; });
}

unsigned KernelOp::getNumOutputs() { return numOutputs(getFamily()); }

/// The family of `kernel` when it is valid: ops are verified in any order
/// (functions in parallel), so a caller's verifier may run before the
/// kernel's own.
static Optional<KernelFamily> validFamily(KernelOp kernel) {
  if (auto family = kernel->getAttrOfType<KernelFamilyAttr>(kernel.getFamilyAttrName()))
    return family.getValue();
  return llvm::None;
}

static LogicalResult verify(KernelCallOp op) {
  auto kernel = SymbolTable::lookupNearestSymbolFrom<KernelOp>(op, op.getKernelAttr());
  if (!kernel)
    return op.emitOpError() << "expects '" << op.getKernel() << "' to name an s2s.kernel";
  Optional<KernelFamily> family = validFamily(kernel);
  if (!family)
    return success(); // the kernel's verifier reports its family
  // The kernel is compiled for exactly these arguments: any other count or
  // kind would make the generated library read or write the wrong memory.
  ArrayRef<KernelArgument> expected = signatureOf(*family).arguments;
  if (op.getArgs().size() != expected.size())
    return op.emitOpError() << "expects " << expected.size() << " arguments for a "
                            << stringifyKernelFamily(*family) << " kernel, got "
                            << op.getArgs().size();
  for (unsigned i = 0; i < expected.size(); ++i) {
    const KernelArgument &want = expected[i];
    Type type = op.getArgs()[i].getType();
    auto memref = type.dyn_cast<MemRefType>();
    Type element = want.isFloat ? Type(Float32Type::get(op.getContext()))
                                : Type(IntegerType::get(op.getContext(), 32));
    bool ok = want.rank == 0 ? type.isInteger(32)
                             : memref && memref.getRank() == (int64_t)want.rank &&
                                   memref.getElementType() == element;
    if (!ok) {
      InFlightDiagnostic diag = op.emitOpError()
                                << "expects argument " << i << " of a "
                                << stringifyKernelFamily(*family) << " kernel to be ";
      if (want.rank == 0)
        diag << "i32";
      else
        diag << "a rank-" << want.rank << " memref of " << element;
      return diag << ", got " << type;
    }
  }
  return success();
}

void KernelCallOp::getEffects(
    SmallVectorImpl<SideEffects::EffectInstance<MemoryEffects::Effect>> &effects) {
  SmallVector<Value> buffers;
  for (Value arg : getArgs())
    if (arg.getType().isa<MemRefType>())
      buffers.push_back(arg);
  // Without its kernel (the IR is being built or is invalid), every buffer
  // may be written.
  auto kernel = SymbolTable::lookupNearestSymbolFrom<KernelOp>(*this, getKernelAttr());
  Optional<KernelFamily> family = kernel ? validFamily(kernel) : llvm::None;
  unsigned outputs =
      family ? std::min<unsigned>(numOutputs(*family), buffers.size()) : buffers.size();
  for (auto it : llvm::enumerate(buffers)) {
    effects.emplace_back(MemoryEffects::Read::get(), it.value());
    if (it.index() >= buffers.size() - outputs)
      effects.emplace_back(MemoryEffects::Write::get(), it.value());
  }
  effects.emplace_back(MemoryEffects::Read::get(), getStatus());
  effects.emplace_back(MemoryEffects::Write::get(), getStatus());
}

/// The action of s2s.device_sync, a string: an unknown one is reported
/// with the known ones (the generic "invalid kind of attribute" says neither).
static ParseResult parseSyncAction(OpAsmParser &parser, SyncActionAttr &action) {
  SMLoc loc = parser.getCurrentLocation();
  StringAttr name;
  if (parser.parseAttribute(name))
    return failure();
  if (Optional<SyncAction> value = symbolizeSyncAction(name.getValue())) {
    action = SyncActionAttr::get(parser.getContext(), *value);
    return success();
  }
  InFlightDiagnostic diag = parser.emitError(loc) << "unknown action '"
                                                  << name.getValue() << "' (expected";
  for (int i = 0; !stringifySyncAction(static_cast<SyncAction>(i)).empty(); ++i)
    diag << (i ? ", " : " ") << stringifySyncAction(static_cast<SyncAction>(i));
  return diag << ")";
}

static void printSyncAction(OpAsmPrinter &printer, DeviceSyncOp, SyncActionAttr action) {
  printer.printAttribute(action);
}

static LogicalResult verify(DeviceSyncOp op) {
  auto type = op.getRoot().getType().cast<MemRefType>();
  if (!type.getLayout().isIdentity())
    return op.emitOpError() << "expects a whole allocation (identity layout), got " << type;
  return success();
}

static LogicalResult verify(ViewPointerOp op) {
  if (!op.getPointer().getType().isa<LLVM::LLVMPointerType>())
    return op.emitOpError() << "expects an LLVM pointer, got " << op.getPointer().getType();
  auto type = op.getResult().getType().cast<MemRefType>();
  if (!type.getLayout().isIdentity())
    return op.emitOpError() << "expects a row-major (identity layout) result, got " << type;
  if ((int64_t)op.getSizes().size() != type.getNumDynamicDims())
    return op.emitOpError() << "expects " << type.getNumDynamicDims()
                            << " sizes (one per dynamic dimension), got "
                            << op.getSizes().size();
  return success();
}

#include "s2s/Dialect/S2S/S2SEnums.cpp.inc"
#include "s2s/Dialect/S2S/S2SInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "s2s/Dialect/S2S/S2SOps.cpp.inc"
