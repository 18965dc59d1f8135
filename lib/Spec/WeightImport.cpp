//===- WeightImport.cpp - Read and convert a model's weights ----*- C++ -*-===//
///
/// Finds, in the safetensors file a spec names, every tensor its layout
/// implies (SPEC.md "Leaf names per layout"), checks each shape against the
/// sizes in the spec and converts the lot to the canonical layout of
/// SEMANTICS.md section 6: `W_ih [4H, in]`, `W_hh [4H, H]`, one summed bias,
/// gate blocks i, f, g, o; Dense as `[out, in]`; embeddings as `[V, E]`.
///
/// Every problem is reported at the spec key that implied the tensor: a
/// missing tensor at `weights.names.<role>` (or `weights.file`), a wrong
/// dimension at the size key it came from (`encoder.hidden`, ...).
///
//===----------------------------------------------------------------------===//

#include "s2s/Spec/WeightImport.h"

#include "s2s/Spec/SpecParser.h"
#include "s2s/Support/Safetensors.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/SourceMgr.h"
#include <algorithm>
#include <cmath>

using namespace s2s;
using llvm::ArrayRef;
using llvm::SMRange;
using llvm::StringRef;
using llvm::Twine;

namespace {

/// One expected dimension and why: the spec key whose value implies it.
struct Dim {
  int64_t size;
  std::string from; // "encoder.hidden = 32"
  SMRange at;
};

/// A dimension equal to a size key of the spec, times `factor`.
Dim dimOf(const Located<int64_t> &field, StringRef key, int64_t factor = 1) {
  return {factor * field.value, (key + " = " + Twine(field.value)).str(),
          field.range};
}

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    out += (i ? ", " : "") + std::to_string(shape[i]);
  return out + "]";
}

FloatTensor toFloatTensor(const SafetensorsTensor &tensor) {
  return FloatTensor{tensor.shape, tensor.data};
}

/// [rows, cols] -> [cols, rows].
FloatTensor transpose(const FloatTensor &in) {
  int64_t rows = in.dim(0), cols = in.dim(1);
  FloatTensor out{{cols, rows}, std::vector<float>(in.data.size())};
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c)
      out.data[c * rows + r] = in.data[r * cols + c];
  return out;
}

/// Reorders the four gate blocks along dimension 0: block k of the result is
/// block `order[k]` of `in`. Any trailing dimensions move with their rows.
FloatTensor permuteGates(const FloatTensor &in, const int order[4]) {
  size_t block = in.data.size() / 4;
  FloatTensor out{in.shape, std::vector<float>(in.data.size())};
  for (int k = 0; k < 4; ++k)
    std::copy_n(in.data.begin() + order[k] * block, block,
                out.data.begin() + k * block);
  return out;
}

/// Concatenates tensors of equal trailing shape along dimension 0.
FloatTensor stackRows(ArrayRef<FloatTensor> parts) {
  FloatTensor out;
  out.shape = parts.front().shape;
  out.shape[0] = 0;
  for (const FloatTensor &part : parts) {
    out.shape[0] += part.dim(0);
    out.data.insert(out.data.end(), part.data.begin(), part.data.end());
  }
  return out;
}

/// Drops a leading dimension of size 1 (ONNX's num_directions).
FloatTensor squeezeFront(FloatTensor in) {
  in.shape.erase(in.shape.begin());
  return in;
}

/// ONNX keeps gates as i, o, f, c; canonical block k is ONNX block order[k].
constexpr int kOnnxToCanonical[4] = {0, 2, 3, 1};

class Importer {
public:
  Importer(const ModelSpec &spec, llvm::SourceMgr &sourceMgr,
           mlir::MLIRContext *context, SafetensorsFile file,
           std::vector<WeightUse> *uses, ImportOptions options)
      : spec(spec), sourceMgr(sourceMgr), context(context),
        file(std::move(file)), layout(spec.weights.layout.value),
        separator(spec.weights.separator.value), uses(uses), options(options) {}

  mlir::FailureOr<ModelWeights> run();

private:
  mlir::InFlightDiagnostic error(SMRange at, const Twine &message) {
    hadError = true;
    return mlir::emitError(toLocation(sourceMgr, at.Start, context), message);
  }

  /// Where problems of a role's names are reported.
  SMRange roleRange(StringRef role) const {
    auto it = spec.weights.names.find(role.str());
    if (it != spec.weights.names.end() && it->second.present)
      return it->second.range;
    return spec.weights.file.range;
  }
  /// The module prefix of `role`, `{layer}` replaced by `layer`.
  std::string prefix(StringRef role, int64_t layer = 0) const;
  /// The prefix of layer `layer` of a stack. SPEC.md's default for layouts
  /// with one module per layer is `encoder.{layer}`; a one-layer model saved
  /// under plain `encoder` is found too (probed with `probeLeaf`).
  std::string stackPrefix(StringRef role, const StackSpec &stack,
                          int64_t layer, StringRef probeLeaf) const;
  /// `prefix` and `leaf` joined with the separator (no separator after an
  /// empty prefix, so weights may sit at the top of the file).
  std::string join(StringRef prefix, StringRef leaf) const {
    return prefix.empty() ? leaf.str() : (prefix + separator + leaf).str();
  }

  /// Fetches tensor `name`, checks its shape against `dims` and marks it
  /// used; reports and returns None on a problem.
  llvm::Optional<FloatTensor> take(StringRef role, const std::string &name,
                                   ArrayRef<Dim> dims);
  bool has(const std::string &name) const { return file.tensors.count(name); }
  /// Reports the first NaN or infinite element of a tensor (a weight file
  /// that diverged in training, or a corrupt one), by flat and by
  /// multi-dimensional index.
  bool checkFinite(StringRef role, const std::string &name, const SafetensorsTensor &tensor);
  void reportMissing(StringRef role, const std::string &name);

  bool importLstm(StringRef role, const StackSpec &stack, StringRef stackKey,
                  int64_t layer, const Dim &in, LstmLayerWeights &out);
  bool importDense(StringRef role, const Dim &out, const Dim &in,
                   DenseWeights &result);
  bool importEmbedding(StringRef role, const SideSpec &side, StringRef sideKey,
                       FloatTensor &result);
  void warnUnused();

  const ModelSpec &spec;
  llvm::SourceMgr &sourceMgr;
  mlir::MLIRContext *context;
  SafetensorsFile file;
  StringRef layout, separator;
  llvm::StringSet<> used;
  /// The roles of `weights.names` this model reads.
  std::vector<StringRef> activeRoles;
  /// Roles with a missing tensor already reported: a wrong prefix would
  /// otherwise give one error per tensor.
  llvm::StringSet<> missingReported;
  bool hadError = false;
  std::vector<WeightUse> *uses;
  ImportOptions options;
};

} // namespace

std::string Importer::prefix(StringRef role, int64_t layer) const {
  auto it = spec.weights.names.find(role.str());
  std::string result = it != spec.weights.names.end() ? it->second.value : "";
  std::string layerText = std::to_string(layer);
  for (size_t pos; (pos = result.find("{layer}")) != std::string::npos;)
    result.replace(pos, 7, layerText);
  return result;
}

std::string Importer::stackPrefix(StringRef role, const StackSpec &stack,
                                  int64_t layer, StringRef probeLeaf) const {
  std::string p = prefix(role, layer);
  auto it = spec.weights.names.find(role.str());
  bool defaulted = it == spec.weights.names.end() || !it->second.present;
  if (!defaulted || stack.layers.value != 1 || has(join(p, probeLeaf)) ||
      !has(join(role, probeLeaf)))
    return p;
  return role.str();
}

void Importer::reportMissing(StringRef role, const std::string &name) {
  if (!missingReported.insert(role).second)
    return;
  // The nearest names usually show a wrong prefix or separator at once.
  // Tensors under another role's prefix are not candidates: `decoder.x` is
  // close to `encoder.x` but never what a wrong encoder prefix meant.
  auto ownedByOtherRole = [&](StringRef candidate) {
    for (StringRef other : activeRoles) {
      if (other == role)
        continue;
      StringRef p = spec.weights.names.at(other.str()).value;
      p = p.substr(0, p.find("{layer}"));
      if (!p.empty() && !StringRef(name).startswith(p) &&
          candidate.startswith(p))
        return true;
    }
    return false;
  };
  std::vector<std::pair<unsigned, StringRef>> nearest, others;
  for (const auto &it : file.tensors) {
    auto entry = std::make_pair(StringRef(name).edit_distance(it.first),
                                StringRef(it.first));
    (ownedByOtherRole(it.first) ? others : nearest).push_back(entry);
  }
  if (nearest.empty())
    nearest = std::move(others);
  std::stable_sort(nearest.begin(), nearest.end(),
                   [](const auto &a, const auto &b) { return a.first < b.first; });
  std::string hint;
  for (size_t i = 0; i < nearest.size() && i < 3; ++i)
    hint += (i ? ", '" : "'") + nearest[i].second.str() + "'";
  hint = nearest.empty() ? " (the file holds no tensors)"
                         : "; closest names: " + hint;
  error(roleRange(role), "missing tensor '" + name + "' in " +
                             spec.weights.file.value + " (layout " + layout +
                             ")" + hint);
}

bool Importer::checkFinite(StringRef role, const std::string &name,
                           const SafetensorsTensor &tensor) {
  auto bad = std::find_if(tensor.data.begin(), tensor.data.end(),
                          [](float v) { return !std::isfinite(v); });
  if (bad == tensor.data.end())
    return true;
  uint64_t flat = bad - tensor.data.begin(), rest = flat;
  std::vector<int64_t> index(tensor.shape.size());
  for (size_t d = tensor.shape.size(); d-- > 0;) {
    index[d] = int64_t(rest % uint64_t(tensor.shape[d]));
    rest /= uint64_t(tensor.shape[d]);
  }
  std::string at = formatShape(index);
  error(roleRange(role), "tensor '" + name + "' element " + Twine(flat) + " " + at + " is " +
                             (std::isnan(*bad) ? "NaN" : *bad > 0 ? "+inf" : "-inf") +
                             " (s2sc --allow-non-finite-weights accepts it)");
  return false;
}

llvm::Optional<FloatTensor> Importer::take(StringRef role,
                                           const std::string &name,
                                           ArrayRef<Dim> dims) {
  auto it = file.tensors.find(name);
  std::vector<int64_t> expected;
  for (const Dim &dim : dims)
    expected.push_back(dim.size);
  if (uses) {
    WeightUse use{role.str(), name, expected, it != file.tensors.end(), {}, {}};
    if (use.found) {
      use.actual = it->second.shape;
      use.dtype = it->second.dtype;
    }
    uses->push_back(std::move(use));
  }
  if (it == file.tensors.end()) {
    reportMissing(role, name);
    return llvm::None;
  }
  used.insert(name);
  const std::vector<int64_t> &shape = it->second.shape;
  if (shape == expected) {
    if (!options.allowNonFinite && !checkFinite(role, name, it->second))
      return llvm::None;
    return toFloatTensor(it->second);
  }
  // Blame the first dimension that differs; a rank mismatch blames the first.
  const Dim *culprit = &dims.front();
  for (size_t i = 0; i < dims.size() && i < shape.size(); ++i) {
    if (shape[i] != dims[i].size) {
      culprit = &dims[i];
      break;
    }
  }
  error(culprit->at, "tensor '" + name + "' has shape " + formatShape(shape) +
                         ", expected " + formatShape(expected) + " (from " +
                         culprit->from + ")");
  return llvm::None;
}

bool Importer::importLstm(StringRef role, const StackSpec &stack,
                          StringRef stackKey, int64_t layer, const Dim &in,
                          LstmLayerWeights &out) {
  std::string key = (stackKey + ".hidden").str();
  Dim h = dimOf(stack.hidden, key);
  Dim h4 = dimOf(stack.hidden, key, 4);
  StringRef probeLeaf = layout == "canonical" ? "w_ih"
                        : layout == "keras"   ? "kernel"
                        : layout == "onnx"    ? "W"
                                              : "";
  std::string flaxProbe = join("ii", "kernel");
  if (layout == "flax")
    probeLeaf = flaxProbe;
  std::string p = layout == "pytorch" ? prefix(role, layer)
                                      : stackPrefix(role, stack, layer, probeLeaf);

  if (layout == "canonical") {
    auto wIh = take(role, join(p, "w_ih"), {h4, in});
    auto wHh = take(role, join(p, "w_hh"), {h4, h});
    auto b = take(role, join(p, "b"), {h4});
    if (!wIh || !wHh || !b)
      return false;
    out = {std::move(*wIh), std::move(*wHh), std::move(*b)};
    return true;
  }

  if (layout == "pytorch") {
    // One nn.LSTM numbers its layers; a prefix with {layer} means one
    // single-layer nn.LSTM per layer, each numbering from 0.
    auto name = spec.weights.names.find(role.str());
    bool perLayerModules = name != spec.weights.names.end() &&
                           StringRef(name->second.value).contains("{layer}");
    std::string l = std::to_string(perLayerModules ? 0 : layer);
    auto wIh = take(role, join(p, "weight_ih_l" + l), {h4, in});
    auto wHh = take(role, join(p, "weight_hh_l" + l), {h4, h});
    auto bIh = take(role, join(p, "bias_ih_l" + l), {h4});
    auto bHh = take(role, join(p, "bias_hh_l" + l), {h4});
    if (!wIh || !wHh || !bIh || !bHh)
      return false;
    for (size_t i = 0; i < bIh->data.size(); ++i)
      bIh->data[i] += bHh->data[i];
    out = {std::move(*wIh), std::move(*wHh), std::move(*bIh)};
    return true;
  }

  if (layout == "keras") {
    // Keras gates are i, f, c, o: the canonical order, stored transposed.
    auto kernel = take(role, join(p, "kernel"), {in, h4});
    auto recurrent = take(role, join(p, "recurrent_kernel"), {h, h4});
    auto b = take(role, join(p, "bias"), {h4});
    if (!kernel || !recurrent || !b)
      return false;
    out = {transpose(*kernel), transpose(*recurrent), std::move(*b)};
    return true;
  }

  if (layout == "flax") {
    // One Dense per gate: inputs `i?` without bias, hidden `h?` with bias.
    static const char *const gates[] = {"i", "f", "g", "o"};
    std::vector<FloatTensor> wIh, wHh, b;
    bool ok = true;
    for (const char *gate : gates) {
      std::string inModule = join(p, std::string("i") + gate);
      std::string hModule = join(p, std::string("h") + gate);
      auto wi = take(role, join(inModule, "kernel"), {in, h});
      auto wh = take(role, join(hModule, "kernel"), {h, h});
      auto bh = take(role, join(hModule, "bias"), {h});
      if (!wi || !wh || !bh) {
        ok = false;
        continue;
      }
      wIh.push_back(transpose(*wi));
      wHh.push_back(transpose(*wh));
      b.push_back(std::move(*bh));
    }
    if (!ok)
      return false;
    out = {stackRows(wIh), stackRows(wHh), stackRows(b)};
    return true;
  }

  assert(layout == "onnx" && "the parser admits only known layouts");
  std::string peephole = join(p, "P");
  if (has(peephole)) {
    used.insert(peephole);
    error(roleRange(role), "tensor '" + peephole +
                               "' holds ONNX peephole weights, which are not "
                               "supported");
    return false;
  }
  Dim one{1, "a single-direction LSTM: bidirectional ONNX LSTMs are not "
             "supported",
          roleRange(role)};
  Dim h8 = dimOf(stack.hidden, key, 8);
  auto w = take(role, join(p, "W"), {one, h4, in});
  auto r = take(role, join(p, "R"), {one, h4, h});
  // B is optional in ONNX: absent means zero.
  llvm::Optional<FloatTensor> bias;
  if (has(join(p, "B")))
    bias = take(role, join(p, "B"), {one, h8});
  else
    bias = FloatTensor{{1, 8 * h.size},
                       std::vector<float>(size_t(8 * h.size), 0.0f)};
  if (!w || !r || !bias)
    return false;
  // B = [Wb ; Rb]: the canonical bias is their sum.
  FloatTensor sum{{4 * h.size}, std::vector<float>(size_t(4 * h.size))};
  for (int64_t i = 0; i < 4 * h.size; ++i)
    sum.data[i] = bias->data[i] + bias->data[4 * h.size + i];
  out = {permuteGates(squeezeFront(std::move(*w)), kOnnxToCanonical),
         permuteGates(squeezeFront(std::move(*r)), kOnnxToCanonical),
         permuteGates(sum, kOnnxToCanonical)};
  return true;
}

bool Importer::importDense(StringRef role, const Dim &out, const Dim &in,
                           DenseWeights &result) {
  std::string p = prefix(role);
  bool kernelLayout = layout == "flax" || layout == "keras";
  llvm::Optional<FloatTensor> weight =
      kernelLayout ? take(role, join(p, "kernel"), {in, out})
                   : take(role, join(p, "weight"), {out, in});
  auto bias = take(role, join(p, "bias"), {out});
  if (!weight || !bias)
    return false;
  result.weight = kernelLayout ? transpose(*weight) : std::move(*weight);
  result.bias = std::move(*bias);
  return true;
}

bool Importer::importEmbedding(StringRef role, const SideSpec &side,
                               StringRef sideKey, FloatTensor &result) {
  StringRef leaf = layout == "flax"    ? "embedding"
                   : layout == "keras" ? "embeddings"
                                       : "weight";
  auto table = take(role, join(prefix(role), leaf),
                    {dimOf(side.vocab, (sideKey + ".vocab").str()),
                     dimOf(side.embed, (sideKey + ".embed").str())});
  if (!table)
    return false;
  result = std::move(*table);
  return true;
}

void Importer::warnUnused() {
  std::vector<StringRef> unused;
  for (const auto &it : file.tensors)
    if (!used.count(it.first))
      unused.push_back(it.first);
  if (unused.empty())
    return;
  std::string list;
  for (size_t i = 0; i < unused.size() && i < 5; ++i)
    list += (i ? ", '" : "'") + unused[i].str() + "'";
  if (unused.size() > 5)
    list += " and " + std::to_string(unused.size() - 5) + " more";
  mlir::emitWarning(toLocation(sourceMgr, spec.weights.file.range.Start,
                               context),
                    Twine(unused.size()) + " tensor" +
                        (unused.size() == 1 ? "" : "s") + " in " +
                        spec.weights.file.value + " not used by the model: " +
                        list);
}

mlir::FailureOr<ModelWeights> Importer::run() {
  const SideSpec &src = spec.source, &tgt = spec.target;
  const StackSpec &enc = spec.encoder, &dec = spec.decoder;
  ModelWeights weights;
  for (StringRef role : {"encoder", "decoder", "output"})
    activeRoles.push_back(role);
  if (src.isTokens())
    activeRoles.push_back("source_embedding");
  if (tgt.isTokens())
    activeRoles.push_back("target_embedding");
  if (enc.contextProjection.value > 0)
    activeRoles.push_back("context_projection");
  // Specs built by hand may lack names; the parser always fills them.
  llvm::erase_if(activeRoles, [&](StringRef role) {
    return !spec.weights.names.count(role.str());
  });

  if (src.isTokens())
    importEmbedding("source_embedding", src, "source", weights.sourceEmbedding);
  if (tgt.isTokens())
    importEmbedding("target_embedding", tgt, "target", weights.targetEmbedding);

  // Encoder: layer 0 reads the source, the others the layer below.
  Dim srcIn = src.isTokens() ? dimOf(src.embed, "source.embed")
                             : dimOf(src.dim, "source.dim");
  // Layers are added one by one and the first broken one ends the stack:
  // the layer count comes from the spec, the file bounds the work.
  for (int64_t l = 0; l < enc.layers.value; ++l) {
    weights.encoder.emplace_back();
    if (!importLstm("encoder", enc, "encoder", l,
                    l == 0 ? srcIn : dimOf(enc.hidden, "encoder.hidden"),
                    weights.encoder.back()))
      break;
  }

  // Decoder layer 0 reads the feedback y, with C beside it for peek: concat.
  Dim feedback = tgt.isTokens() ? dimOf(tgt.embed, "target.embed")
                                : dimOf(tgt.dim, "target.dim");
  bool projected = enc.contextProjection.value > 0;
  Dim contextDim = projected
                       ? dimOf(enc.contextProjection,
                               "encoder.context_projection")
                       : dimOf(enc.hidden, "encoder.hidden");
  Dim decIn = feedback;
  if (dec.peek.value == "concat")
    decIn = {feedback.size + contextDim.size,
             feedback.from + " plus " + contextDim.from + " for peek: concat",
             dec.peek.present ? dec.peek.range : feedback.at};
  for (int64_t l = 0; l < dec.layers.value; ++l) {
    weights.decoder.emplace_back();
    if (!importLstm("decoder", dec, "decoder", l,
                    l == 0 ? decIn : dimOf(dec.hidden, "decoder.hidden"),
                    weights.decoder.back()))
      break;
  }

  importDense("output",
              tgt.isTokens() ? dimOf(tgt.vocab, "target.vocab")
                             : dimOf(tgt.dim, "target.dim"),
              dimOf(dec.hidden, "decoder.hidden"), weights.output);
  if (projected)
    importDense("context_projection", contextDim,
                dimOf(enc.hidden, "encoder.hidden"),
                weights.contextProjection);

  if (hadError)
    return mlir::failure();
  warnUnused();
  return weights;
}

mlir::FailureOr<ModelWeights> s2s::importWeights(const ModelSpec &spec,
                                                 llvm::SourceMgr &sourceMgr,
                                                 mlir::MLIRContext *context,
                                                 std::vector<WeightUse> *uses,
                                                 ImportOptions options) {
  llvm::Expected<SafetensorsFile> file =
      readSafetensors(spec.weights.resolvedPath);
  if (!file) {
    mlir::emitError(toLocation(sourceMgr, spec.weights.file.range.Start,
                               context),
                    "cannot read weights: " + llvm::toString(file.takeError()));
    return mlir::failure();
  }
  return Importer(spec, sourceMgr, context, std::move(*file), uses, options).run();
}
