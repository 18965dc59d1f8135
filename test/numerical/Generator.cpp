//===- Generator.cpp - Random models, specs and weight files ---*- C++ -*-===//
///
/// Writes models the way the frameworks named in SEMANTICS.md section 6
/// store them, starting from the canonical model the reference runs. Each
/// layout is a separate small conversion, so adding a case for a layout is
/// a one-line change in a test.
///
//===----------------------------------------------------------------------===//

#include "Generator.h"

#include <cassert>
#include <cmath>
#include <cstring>
#include <sstream>

using namespace s2sgen;
using s2sref::Dense;
using s2sref::LstmLayer;
using s2sref::Model;

uint64_t Rng::next() {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

double Rng::uniform(double lo, double hi) {
  return lo + (hi - lo) * (double(next() >> 11) * 0x1.0p-53);
}

int Rng::range(int lo, int hi) {
  return lo + int(next() % uint64_t(hi - lo + 1));
}

const char *s2sgen::layoutName(Layout l) {
  switch (l) {
  case Layout::Canonical:
    return "canonical";
  case Layout::PyTorch:
    return "pytorch";
  case Layout::Flax:
    return "flax";
  case Layout::Keras:
    return "keras";
  case Layout::Onnx:
    return "onnx";
  }
  return "?";
}

const char *s2sgen::dtypeName(DType d) {
  switch (d) {
  case DType::F32:
    return "F32";
  case DType::F16:
    return "F16";
  case DType::BF16:
    return "BF16";
  case DType::F64:
    return "F64";
  }
  return "?";
}

double s2sgen::quantize(double x, DType dtype) {
  if (dtype == DType::F64)
    return x;
  if (dtype == DType::F32)
    return double(float(x));
  if (x == 0)
    return 0;
  // Round to the format's significand width (11 bits for F16, 8 for BF16);
  // F16 subnormals have a fixed spacing of 2^-24.
  int e;
  std::frexp(x, &e); // |x| = m * 2^e, m in [0.5, 1)
  int bits = dtype == DType::F16 ? 11 : 8;
  int spacingExp = e - bits;
  if (dtype == DType::F16 && spacingExp < -24)
    spacingExp = -24;
  double q = std::ldexp(std::nearbyint(std::ldexp(x, -spacingExp)), spacingExp);
  if (dtype == DType::F16)
    q = std::max(-65504.0, std::min(65504.0, q));
  return q;
}

namespace {

std::vector<double> randomVector(Rng &rng, size_t n, double scale,
                                 DType dtype) {
  std::vector<double> v(n);
  for (double &x : v)
    x = quantize(rng.uniform(-scale, scale), dtype);
  return v;
}

LstmLayer randomLayer(Rng &rng, int in, int hidden, double scale,
                      bool splitBias, DType dtype) {
  LstmLayer L;
  L.in = in;
  L.hidden = hidden;
  L.wIh = randomVector(rng, size_t(4) * hidden * in, scale, dtype);
  L.wHh = randomVector(rng, size_t(4) * hidden * hidden, scale, dtype);
  L.bIh = randomVector(rng, size_t(4) * hidden, scale, dtype);
  // Layouts with a single bias store the sum, which must stay exact.
  L.bHh = splitBias ? randomVector(rng, size_t(4) * hidden, scale, dtype)
                    : std::vector<double>(size_t(4) * hidden, 0.0);
  return L;
}

Dense randomDense(Rng &rng, int in, int out, double scale, DType dtype) {
  Dense d;
  d.in = in;
  d.out = out;
  d.w = randomVector(rng, size_t(out) * in, scale, dtype);
  d.b = randomVector(rng, size_t(out), scale, dtype);
  return d;
}

bool storesSplitBias(Layout l) {
  return l == Layout::PyTorch || l == Layout::Onnx;
}

} // namespace

Model s2sgen::randomModel(const ModelShape &s, uint64_t seed,
                          const WeightOptions &opts) {
  Rng rng(seed);
  DType dt = opts.dtype;
  Model m;
  m.name = s.name;
  m.srcTokens = s.srcTokens;
  m.srcVocab = s.srcVocab;
  m.srcEmbed = s.srcEmbed;
  m.srcDim = s.srcDim;
  m.tgtTokens = s.tgtTokens;
  m.tgtVocab = s.tgtVocab;
  m.tgtEmbed = s.tgtEmbed;
  m.bos = s.bos;
  m.eos = s.eos;
  m.tgtDim = s.tgtDim;
  m.activation = s.activation;
  m.encGate = s.encGate;
  m.decGate = s.decGate;
  m.peek = s.peek;
  m.firstInput = s.firstInput;
  m.initState = s.initState;
  m.maxLength = s.maxLength;
  if (!s.srcTokens) {
    m.srcVocab = m.srcEmbed = 0;
  }
  if (!s.tgtTokens) {
    m.tgtVocab = m.tgtEmbed = 0;
  }

  if (m.srcTokens)
    m.srcEmbedding =
        randomVector(rng, size_t(m.srcVocab) * m.srcEmbed, s.embedScale, dt);
  if (m.tgtTokens)
    m.tgtEmbedding =
        randomVector(rng, size_t(m.tgtVocab) * m.tgtEmbed, s.embedScale, dt);
  bool split = storesSplitBias(opts.layout);
  double encScale = s.lstmScale > 0 ? s.lstmScale : 2 / std::sqrt(s.encHidden);
  double decScale = s.lstmScale > 0 ? s.lstmScale : 2 / std::sqrt(s.decHidden);
  for (int l = 0; l < s.encLayers; ++l)
    m.encoder.push_back(randomLayer(rng,
                                    l == 0 ? m.encoderInputSize() : s.encHidden,
                                    s.encHidden, encScale, split, dt));
  if (s.contextProjection > 0)
    m.contextProjection =
        randomDense(rng, s.encHidden, s.contextProjection, encScale, dt);
  // decoderInputSize() needs the encoder and the projection in place.
  for (int l = 0; l < s.decLayers; ++l)
    m.decoder.push_back(randomLayer(rng,
                                    l == 0 ? m.decoderInputSize() : s.decHidden,
                                    s.decHidden, decScale, split, dt));
  m.output = randomDense(rng, s.decHidden, m.tgtTokens ? m.tgtVocab : m.tgtDim,
                         s.outScale, dt);
  if (m.tgtTokens && s.eosBias != 0)
    m.output.b[m.eos] = quantize(m.output.b[m.eos] + s.eosBias, dt);
  return m;
}

//===----------------------------------------------------------------------===//
// Layouts
//===----------------------------------------------------------------------===//

namespace {

std::string expandLayer(std::string prefix, int layer) {
  const std::string key = "{layer}";
  for (size_t pos; (pos = prefix.find(key)) != std::string::npos;)
    prefix.replace(pos, key.size(), std::to_string(layer));
  return prefix;
}

/// Rows [r0, r0 + n) of a row-major [rows, cols] matrix.
std::vector<double> rowBlock(const std::vector<double> &m, int cols, int r0,
                             int n) {
  return std::vector<double>(m.begin() + size_t(r0) * cols,
                             m.begin() + size_t(r0 + n) * cols);
}

std::vector<double> transpose(const std::vector<double> &m, int rows,
                              int cols) {
  std::vector<double> t(m.size());
  for (int r = 0; r < rows; ++r)
    for (int c = 0; c < cols; ++c)
      t[size_t(c) * rows + r] = m[size_t(r) * cols + c];
  return t;
}

std::vector<double> sum(const std::vector<double> &a,
                        const std::vector<double> &b) {
  std::vector<double> s(a.size());
  for (size_t i = 0; i < a.size(); ++i)
    s[i] = a[i] + b[i];
  return s;
}

/// Reorders the four H-sized gate blocks of a [4H, cols] matrix from
/// i, f, g, o into `order` (indices into i=0, f=1, g=2, o=3).
std::vector<double> permuteGates(const std::vector<double> &m, int H, int cols,
                                 const int order[4]) {
  std::vector<double> out;
  for (int k = 0; k < 4; ++k) {
    std::vector<double> blk = rowBlock(m, cols, order[k] * H, H);
    out.insert(out.end(), blk.begin(), blk.end());
  }
  return out;
}

class Exporter {
public:
  Exporter(const WeightOptions &o) : o(o) {}

  std::string join(const std::string &prefix, const std::string &leaf) {
    return prefix + o.separator + leaf;
  }

  void add(const std::string &name, std::vector<int64_t> shape,
           std::vector<double> values) {
    size_t n = 1;
    for (int64_t d : shape)
      n *= size_t(d);
    assert(n == values.size() && "tensor shape and data disagree");
    (void)n;
    tensors.push_back({name, std::move(shape), std::move(values)});
  }

  void embedding(const std::string &P, const std::vector<double> &table, int V,
                 int E) {
    const char *leaf = o.layout == Layout::Flax    ? "embedding"
                       : o.layout == Layout::Keras ? "embeddings"
                                                   : "weight";
    add(join(P, leaf), {V, E}, table);
  }

  void dense(const std::string &P, const Dense &d) {
    if (o.layout == Layout::Flax || o.layout == Layout::Keras)
      add(join(P, "kernel"), {d.in, d.out}, transpose(d.w, d.out, d.in));
    else
      add(join(P, "weight"), {d.out, d.in}, d.w);
    add(join(P, "bias"), {d.out}, d.b);
  }

  void stack(const std::string &prefix, const std::vector<LstmLayer> &ls) {
    for (size_t l = 0; l < ls.size(); ++l) {
      const LstmLayer &L = ls[l];
      const int H = L.hidden, I = L.in;
      std::string P = expandLayer(prefix, int(l));
      std::string k = std::to_string(l);
      switch (o.layout) {
      case Layout::PyTorch:
        add(join(prefix, "weight_ih_l" + k), {4 * H, I}, L.wIh);
        add(join(prefix, "weight_hh_l" + k), {4 * H, H}, L.wHh);
        add(join(prefix, "bias_ih_l" + k), {4 * H}, L.bIh);
        add(join(prefix, "bias_hh_l" + k), {4 * H}, L.bHh);
        break;
      case Layout::Canonical:
        add(join(P, "w_ih"), {4 * H, I}, L.wIh);
        add(join(P, "w_hh"), {4 * H, H}, L.wHh);
        add(join(P, "b"), {4 * H}, sum(L.bIh, L.bHh));
        break;
      case Layout::Keras: // gate order i, f, c, o is i, f, g, o
        add(join(P, "kernel"), {I, 4 * H}, transpose(L.wIh, 4 * H, I));
        add(join(P, "recurrent_kernel"), {H, 4 * H},
            transpose(L.wHh, 4 * H, H));
        add(join(P, "bias"), {4 * H}, sum(L.bIh, L.bHh));
        break;
      case Layout::Flax: {
        const char *gates = "ifgo";
        std::vector<double> b = sum(L.bIh, L.bHh);
        for (int g = 0; g < 4; ++g) {
          std::string gi = std::string("i") + gates[g];
          std::string gh = std::string("h") + gates[g];
          add(join(join(P, gi), "kernel"), {I, H},
              transpose(rowBlock(L.wIh, I, g * H, H), H, I));
          add(join(join(P, gh), "kernel"), {H, H},
              transpose(rowBlock(L.wHh, H, g * H, H), H, H));
          add(join(join(P, gh), "bias"), {H},
              std::vector<double>(b.begin() + g * H, b.begin() + (g + 1) * H));
        }
        break;
      }
      case Layout::Onnx: {
        static const int iofc[4] = {0, 3, 1, 2};
        add(join(P, "W"), {1, 4 * H, I}, permuteGates(L.wIh, H, I, iofc));
        add(join(P, "R"), {1, 4 * H, H}, permuteGates(L.wHh, H, H, iofc));
        std::vector<double> B = permuteGates(L.bIh, H, 1, iofc);
        std::vector<double> rb = permuteGates(L.bHh, H, 1, iofc);
        B.insert(B.end(), rb.begin(), rb.end());
        add(join(P, "B"), {1, 8 * H}, B);
        break;
      }
      }
    }
  }

  const WeightOptions &o;
  std::vector<Tensor> tensors;
};

/// The prefixes the spec will name (or imply when `names` is left out).
struct Prefixes {
  std::string src, tgt, enc, dec, out, ctx;
};

Prefixes prefixesFor(const WeightOptions &o) {
  if (o.emitNames)
    return {o.srcEmbedding, o.tgtEmbedding, o.encoder,
            o.decoder,      o.output,       o.contextProjection};
  // SPEC.md defaults: per-layer layouts default to `encoder.{layer}`.
  bool perLayer = o.layout != Layout::PyTorch;
  return {"src_embed",
          "tgt_embed",
          perLayer ? "encoder.{layer}" : "encoder",
          perLayer ? "decoder.{layer}" : "decoder",
          "out",
          "ctx"};
}

} // namespace

std::vector<Tensor> s2sgen::exportWeights(const Model &m,
                                          const WeightOptions &opts) {
  Exporter ex(opts);
  Prefixes p = prefixesFor(opts);
  if (m.srcTokens)
    ex.embedding(p.src, m.srcEmbedding, m.srcVocab, m.srcEmbed);
  if (m.tgtTokens)
    ex.embedding(p.tgt, m.tgtEmbedding, m.tgtVocab, m.tgtEmbed);
  ex.stack(p.enc, m.encoder);
  ex.stack(p.dec, m.decoder);
  if (m.contextProjection.present())
    ex.dense(p.ctx, m.contextProjection);
  ex.dense(p.out, m.output);
  return std::move(ex.tensors);
}

//===----------------------------------------------------------------------===//
// safetensors
//===----------------------------------------------------------------------===//

namespace {

void putLE(std::string &out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    out.push_back(char((v >> (8 * i)) & 0xff));
}

/// Half bits of a value that quantize(x, F16) left exactly representable.
uint16_t halfBits(double x) {
  uint16_t sign = std::signbit(x) ? 0x8000 : 0;
  double a = std::fabs(x);
  if (a == 0)
    return sign;
  int e;
  double m = std::frexp(a, &e); // a = m * 2^e, m in [0.5, 1)
  int exp = e - 1 + 15;         // a = 1.f * 2^(e-1)
  if (exp >= 1) {
    double mant = (m * 2 - 1) * 1024;
    assert(mant == std::floor(mant) && exp < 31 && "not a half value");
    return uint16_t(sign | (exp << 10) | int(mant));
  }
  double mant = std::ldexp(a, 24); // subnormal: a = mant * 2^-24
  assert(mant == std::floor(mant) && mant < 1024 && "not a half value");
  return uint16_t(sign | int(mant));
}

std::string jsonString(const std::string &s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

} // namespace

std::string s2sgen::safetensorsImage(const std::vector<Tensor> &tensors,
                                     DType dtype,
                                     const std::string &metadataFormat) {
  std::string data;
  std::ostringstream header;
  header << "{\"__metadata__\":{\"format\":" << jsonString(metadataFormat)
         << "}";
  for (const Tensor &t : tensors) {
    size_t begin = data.size();
    for (double v : t.values) {
      switch (dtype) {
      case DType::F32: {
        float f = float(v);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        putLE(data, bits, 4);
        break;
      }
      case DType::F64: {
        uint64_t bits;
        std::memcpy(&bits, &v, 8);
        putLE(data, bits, 8);
        break;
      }
      case DType::F16:
        putLE(data, halfBits(v), 2);
        break;
      case DType::BF16: {
        float f = float(v);
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        assert((bits & 0xffff) == 0 && "not a bf16 value");
        putLE(data, bits >> 16, 2);
        break;
      }
      }
    }
    header << "," << jsonString(t.name) << ":{\"dtype\":\"" << dtypeName(dtype)
           << "\",\"shape\":[";
    for (size_t i = 0; i < t.shape.size(); ++i)
      header << (i ? "," : "") << t.shape[i];
    header << "],\"data_offsets\":[" << begin << "," << data.size() << "]}";
  }
  header << "}";
  std::string h = header.str();
  // Writers pad the header with spaces so the data starts 8-byte aligned.
  while ((8 + h.size()) % 8)
    h.push_back(' ');
  std::string out;
  putLE(out, h.size(), 8);
  return out + h + data;
}

//===----------------------------------------------------------------------===//
// Spec YAML
//===----------------------------------------------------------------------===//

namespace {

const char *gateName(s2sref::Gate g) {
  switch (g) {
  case s2sref::Gate::Sigmoid:
    return "sigmoid";
  case s2sref::Gate::HardSigmoid:
    return "hard_sigmoid";
  case s2sref::Gate::HardSigmoidV3:
    return "hard_sigmoid_v3";
  }
  return "?";
}

const char *peekName(s2sref::Peek p) {
  switch (p) {
  case s2sref::Peek::None:
    return "none";
  case s2sref::Peek::Concat:
    return "concat";
  case s2sref::Peek::Add:
    return "add";
  }
  return "?";
}

const char *firstName(s2sref::FirstInput f) {
  switch (f) {
  case s2sref::FirstInput::Bos:
    return "bos";
  case s2sref::FirstInput::Context:
    return "context";
  case s2sref::FirstInput::Zeros:
    return "zeros";
  }
  return "?";
}

const char *initName(s2sref::InitState s) {
  switch (s) {
  case s2sref::InitState::Encoder:
    return "encoder";
  case s2sref::InitState::Top:
    return "top";
  case s2sref::InitState::Zeros:
    return "zeros";
  }
  return "?";
}

/// Quotes a YAML value when a plain scalar could be misread.
std::string yamlValue(const std::string &s) {
  if (s.find_first_of("{}[]#:/\"' ") == std::string::npos && !s.empty())
    return s;
  return "\"" + s + "\"";
}

} // namespace

std::string s2sgen::specYaml(const Model &m, const WeightOptions &o) {
  std::ostringstream y;
  bool all = o.emitDefaults;
  y << "# Generated by the s2sc numerical tests.\n";
  y << "s2sc: 1\n";
  y << "name: " << m.name << "\n";
  y << "source:\n";
  if (m.srcTokens)
    y << "  kind: tokens\n  vocab: " << m.srcVocab
      << "\n  embed: " << m.srcEmbed << "\n";
  else
    y << "  kind: vectors\n  dim: " << m.srcDim << "\n";
  y << "target:\n";
  if (m.tgtTokens)
    y << "  kind: tokens\n  vocab: " << m.tgtVocab
      << "\n  embed: " << m.tgtEmbed << "\n  bos: " << m.bos
      << "\n  eos: " << m.eos << "\n";
  else
    y << "  kind: vectors\n  dim: " << m.tgtDim << "\n  activation: "
      << (m.activation == s2sref::Activation::Tanh ? "tanh" : "linear") << "\n";
  y << "encoder:\n  cell: lstm\n  hidden: " << m.encHidden()
    << "\n  layers: " << m.encoder.size() << "\n";
  if (all || m.encGate != s2sref::Gate::Sigmoid)
    y << "  gate_activation: " << gateName(m.encGate) << "\n";
  if (m.contextProjection.present() || all)
    y << "  context_projection: " << m.contextProjection.out << "\n";
  y << "decoder:\n  cell: lstm\n  hidden: " << m.decHidden()
    << "\n  layers: " << m.decoder.size() << "\n";
  if (all || m.decGate != s2sref::Gate::Sigmoid)
    y << "  gate_activation: " << gateName(m.decGate) << "\n";
  if (all || m.peek != s2sref::Peek::None)
    y << "  peek: " << peekName(m.peek) << "\n";
  s2sref::FirstInput defFirst =
      m.tgtTokens ? s2sref::FirstInput::Bos : s2sref::FirstInput::Context;
  if (all || m.firstInput != defFirst)
    y << "  first_input: " << firstName(m.firstInput) << "\n";
  if (all || m.initState != s2sref::InitState::Encoder)
    y << "  init_state: " << initName(m.initState) << "\n";
  y << "search:\n";
  if (m.beamWidth > 0) {
    static const char *penalties[] = {"none", "avg", "gnmt"};
    std::ostringstream alpha;
    alpha.precision(17);
    alpha << m.alpha;
    y << "  strategy: beam\n  beam_width: " << m.beamWidth << "\n  length_penalty: "
      << penalties[int(m.lengthPenalty)] << "\n  alpha: " << alpha.str() << "\n";
  } else if (all) {
    y << "  strategy: greedy\n";
  }
  y << "  max_length: " << m.maxLength << "\n";
  y << "weights:\n  file: " << yamlValue(o.file) << "\n";
  if (all || o.layout != Layout::Canonical)
    y << "  layout: " << layoutName(o.layout) << "\n";
  if (o.emitNames) {
    y << "  names:\n";
    if (m.srcTokens)
      y << "    source_embedding: " << yamlValue(o.srcEmbedding) << "\n";
    if (m.tgtTokens)
      y << "    target_embedding: " << yamlValue(o.tgtEmbedding) << "\n";
    y << "    encoder: " << yamlValue(o.encoder) << "\n";
    y << "    decoder: " << yamlValue(o.decoder) << "\n";
    y << "    output: " << yamlValue(o.output) << "\n";
    if (m.contextProjection.present())
      y << "    context_projection: " << yamlValue(o.contextProjection) << "\n";
  }
  if (all || o.separator != ".")
    y << "  separator: \"" << o.separator << "\"\n";
  return y.str();
}
