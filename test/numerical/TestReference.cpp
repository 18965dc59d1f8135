//===- TestReference.cpp - The reference and generator, checked -*- C++ -*-===//
///
/// The reference is what every numerical test trusts, so it is checked on
/// its own first: against tiny models worked out by hand (H = 1, values
/// below computed step by step from the SEMANTICS.md equations with a
/// pocket-calculator script, not with this code), and against properties
/// that must hold for any model. Beam search is checked against ties worked
/// out by hand and against exhaustive enumeration on a tiny vocabulary. The generator's layouts and
/// file writer are checked too. Needs no s2sc. Prints `Success!`.
///
//===----------------------------------------------------------------------===//

#include "Generator.h"
#include "Reference.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iostream>
#include <limits>

using namespace s2sref;
using s2sgen::DType;
using s2sgen::Layout;

static int failures, checks;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      std::cout << "FAIL " << __FILE__ << ":" << __LINE__ << ": " #cond "\n";  \
    }                                                                          \
  } while (0)

#define CHECK_NEAR(a, b, tol)                                                  \
  do {                                                                         \
    ++checks;                                                                  \
    double a_ = (a), b_ = (b);                                                 \
    if (!(std::fabs(a_ - b_) <= (tol))) {                                      \
      ++failures;                                                              \
      std::cout.precision(17);                                                 \
      std::cout << "FAIL " << __FILE__ << ":" << __LINE__ << ": " #a " = "     \
                << a_ << ", expected " << b_ << "\n";                          \
    }                                                                          \
  } while (0)

static LstmLayer layer(int in, std::vector<double> wIh, std::vector<double> wHh,
                       std::vector<double> bIh, std::vector<double> bHh) {
  LstmLayer L;
  L.in = in;
  L.hidden = 1;
  L.wIh = std::move(wIh);
  L.wHh = std::move(wHh);
  L.bIh = std::move(bIh);
  L.bHh = std::move(bHh);
  return L;
}

static Dense dense(int in, std::vector<double> w, std::vector<double> b) {
  Dense d;
  d.in = in;
  d.out = int(b.size());
  d.w = std::move(w);
  d.b = std::move(b);
  return d;
}

/// Hand model 1: V_src 2, V_tgt 3, E 1, H 1, one layer each, bos 1, eos 2.
static Model handModel1() {
  Model m;
  m.srcVocab = 2;
  m.srcEmbed = 1;
  m.srcEmbedding = {0.5, -1.0};
  m.tgtVocab = 3;
  m.tgtEmbed = 1;
  m.tgtEmbedding = {1.0, 0.0, -0.5};
  m.bos = 1;
  m.eos = 2;
  // Gate rows i, f, g, o; the bias halves sum to b = [0.05, 0.1, 0, -0.1].
  m.encoder.push_back(layer(1, {0.5, -0.5, 1.0, 0.25}, {0.1, 0.2, -0.3, 0.4},
                            {0, 0.1, 0, 0}, {0.05, 0, 0, -0.1}));
  m.decoder.push_back(layer(1, {1.0, 0.5, -1.0, 0.5}, {0.3, -0.2, 0.8, 0.1},
                            {0, 0, 0.2, 0}, {0, 0.3, 0, 0}));
  m.output = dense(1, {2.0, -1.0, -3.0}, {0.0, 0.1, -0.2});
  m.maxLength = 4;
  return m;
}

static void testGates() {
  CHECK_NEAR(gateFn(Gate::Sigmoid, 0), 0.5, 0);
  CHECK_NEAR(gateFn(Gate::Sigmoid, 2), 0.88079707797788231, 1e-15);
  CHECK_NEAR(gateFn(Gate::HardSigmoid, -3), 0.0, 0);
  CHECK_NEAR(gateFn(Gate::HardSigmoid, 1), 0.7, 1e-15);
  CHECK_NEAR(gateFn(Gate::HardSigmoid, 2.6), 1.0, 0);
  CHECK_NEAR(gateFn(Gate::HardSigmoidV3, -4), 0.0, 0);
  CHECK_NEAR(gateFn(Gate::HardSigmoidV3, 1.5), 0.75, 1e-15);
  CHECK_NEAR(gateFn(Gate::HardSigmoidV3, 3.5), 1.0, 0);
  CHECK(argmax({1, 3, 3, 2}) == 1); // lowest index wins a tie
  CHECK(argmax({-1, -1}) == 0);
  CHECK(argmax({0, 0, 5}) == 2);
  CHECK(topMargin({1, 3, 3}) == 0);
  CHECK_NEAR(topMargin({1, 4, 2.5}), 1.5, 0);
  CHECK(std::isinf(topMargin({5})));
}

static void testHandModel1() {
  Model m = handModel1();
  CHECK(validate(m).empty());
  // Encoder over source [0, 1] (embeddings 0.5, -1.0):
  //  step 0: z = [0.3, -0.15, 0.5, 0.025]  -> h 0.13131867671766267,
  //                                           c 0.2654597428782892
  //  step 1: z = [-0.43686813, 0.62626374, -1.03939560, -0.29747253]
  //                                        -> h -0.0560282555368206,
  //                                           c -0.13223294723290632
  int32_t src[2] = {0, 1};
  EncoderState enc = encode(m, src, nullptr, 2);
  CHECK_NEAR(enc.h[0][0], -0.0560282555368206, 1e-15);
  CHECK_NEAR(enc.c[0][0], -0.13223294723290632, 1e-15);
  CHECK_NEAR(enc.context[0], -0.0560282555368206, 1e-15);
  // After step 0 only (a sequence of length 1).
  EncoderState enc1 = encode(m, src, nullptr, 1);
  CHECK_NEAR(enc1.h[0][0], 0.13131867671766267, 1e-15);
  CHECK_NEAR(enc1.c[0][0], 0.2654597428782892, 1e-15);

  // Decoder from the encoder state, first input embed[bos] = 0.0:
  //  step 0: h 1.4138707137189477e-06, logits [2.8277e-06, 0.09999859,
  //          -0.20000424] -> token 1 (embedding 0.0)
  //  step 1: h 0.04918535051552115, logits [0.09837070, 0.05081465,
  //          -0.34755605] -> token 0 (embedding 1.0)
  //  step 2: h -0.238495108807078, logits [-0.47699022, 0.33849511,
  //          0.51548533] -> token 2 = EOS, stop (out_len 3)
  TokenResult r = translateTokens(m, src, 2, 10);
  CHECK((r.tokens == std::vector<int>{1, 0, 2}));
  CHECK(r.logits.size() == 3);
  if (r.logits.size() == 3) {
    const double want[3][3] = {
        {2.8277414274378954e-06, 0.09999858612928629, -0.20000424161214117},
        {0.0983707010310423, 0.050814649484478856, -0.34755605154656344},
        {-0.476990217614156, 0.338495108807078, 0.515485326421234}};
    for (int t = 0; t < 3; ++t)
      for (int v = 0; v < 3; ++v)
        CHECK_NEAR(r.logits[t][v], want[t][v], 1e-14);
  }
  // max_out caps the steps: two tokens, no EOS.
  TokenResult r2 = translateTokens(m, src, 2, 2);
  CHECK((r2.tokens == std::vector<int>{1, 0}));
  // max_length caps them too.
  m.maxLength = 1;
  CHECK((translateTokens(m, src, 2, 10).tokens == std::vector<int>{1}));
}

static void testHandModel2Vectors() {
  // Vector source and target, H 1: encoder gates hard_sigmoid, decoder
  // gates hard_sigmoid_v3, peek add, first_input context, init_state zeros,
  // tanh readout y = tanh(1.5 h - 0.1). Source [1.0, -2.0, 0.5].
  Model m = handModel1();
  m.srcTokens = m.tgtTokens = false;
  m.srcVocab = m.srcEmbed = m.tgtVocab = m.tgtEmbed = 0;
  m.srcEmbedding.clear();
  m.tgtEmbedding.clear();
  m.srcDim = m.tgtDim = 1;
  m.encGate = Gate::HardSigmoid;
  m.decGate = Gate::HardSigmoidV3;
  m.peek = Peek::Add;
  m.firstInput = FirstInput::Context;
  m.initState = InitState::Zeros;
  m.activation = Activation::Tanh;
  m.output = dense(1, {1.5}, {-0.1});
  m.maxLength = 3;
  CHECK(validate(m).empty());
  float src[3] = {1.0f, -2.0f, 0.5f};
  EncoderState enc = encode(m, nullptr, src, 3);
  CHECK_NEAR(enc.context[0], 0.13489213918962448, 1e-15);
  // u_0 = C + C, u_t = y_{t-1} + C.
  std::vector<std::vector<double>> y = translateVectors(m, src, 3);
  CHECK(y.size() == 3);
  if (y.size() == 3) {
    CHECK_NEAR(y[0][0], -0.12901922886852513, 1e-15);
    CHECK_NEAR(y[1][0], -0.04956569871782794, 1e-15);
    CHECK_NEAR(y[2][0], -0.01661096301789777, 1e-15);
  }
}

static void testHandModel3TwoLayersTopConcat() {
  // Two layers each, H 1, init_state top, peek concat (decoder layer 0
  // input [y; C]), first_input bos, max_length 5. Source [1, 0, 0].
  Model m = handModel1();
  m.encoder.clear();
  m.decoder.clear();
  m.encoder.push_back(layer(1, {0.5, -0.5, 1.0, 0.25}, {0.1, 0.2, -0.3, 0.4},
                            {0.05, 0.1, 0, -0.1}, {0, 0, 0, 0}));
  m.encoder.push_back(layer(1, {-0.7, 0.6, 0.9, 0.3}, {0.2, -0.1, 0.5, 0.0},
                            {0.0, 0.2, -0.1, 0.1}, {0, 0, 0, 0}));
  m.decoder.push_back(layer(2, {1.0, 0.4, 0.5, -0.6, -1.0, 0.7, 0.5, 0.2},
                            {0.3, -0.2, 0.8, 0.1}, {0, 0.3, 0.2, 0},
                            {0, 0, 0, 0}));
  m.decoder.push_back(layer(1, {0.9, -0.4, 1.2, 0.6}, {-0.5, 0.3, 0.2, 0.1},
                            {0.1, 0, 0, 0.2}, {0, 0, 0, 0}));
  m.peek = Peek::Concat;
  m.initState = InitState::Top;
  m.maxLength = 5;
  CHECK(validate(m).empty());
  int32_t src[3] = {1, 0, 0};
  TokenResult r = translateTokens(m, src, 3, 100);
  CHECK((r.tokens == std::vector<int>{1, 1, 0, 1, 1})); // runs to the limit
  const double want[5][3] = {
      {-0.005743054910075908, 0.10287152745503796, -0.19138541763488615},
      {0.04525559601175297, 0.07737220199412352, -0.26788339401762945},
      {0.09560388694387262, 0.0521980565280637, -0.34340583041580897},
      {-0.0642349541779678, 0.13211747708898391, -0.10364756873304831},
      {-0.09404895764736687, 0.14702447882368344, -0.058926563528949705}};
  if (r.logits.size() == 5)
    for (int t = 0; t < 5; ++t)
      for (int v = 0; v < 3; ++v)
        CHECK_NEAR(r.logits[t][v], want[t][v], 1e-14);
  CHECK((translateTokens(m, src, 3, 3).tokens == std::vector<int>{1, 1, 0}));
}

static void testValidate() {
  Model m = handModel1();
  m.initState = InitState::Encoder;
  m.decoder.push_back(m.decoder[0]); // 2 decoder layers vs 1 encoder layer
  CHECK(!validate(m).empty());
  m.initState = InitState::Zeros;
  CHECK(validate(m).empty());
  Model v = handModel1();
  v.firstInput = FirstInput::Context; // C (1) == embed (1): fine
  CHECK(validate(v).empty());
  v.tgtEmbed = 2;
  v.tgtEmbedding.assign(6, 0.0);
  CHECK(!validate(v).empty()); // C size 1 vs feedback 2
}

static s2sgen::ModelShape randomShape() {
  s2sgen::ModelShape s;
  s.name = "r";
  s.srcVocab = 11;
  s.srcEmbed = 5;
  s.tgtVocab = 9;
  s.tgtEmbed = 6;
  s.encHidden = s.decHidden = 7;
  s.encLayers = s.decLayers = 2;
  s.maxLength = 8;
  return s;
}

static void testProperties() {
  s2sgen::WeightOptions opts;
  opts.layout = Layout::PyTorch;
  Model m = s2sgen::randomModel(randomShape(), 42, opts);
  CHECK(validate(m).empty());
  // Same seed, same model; a different seed, a different one.
  Model again = s2sgen::randomModel(randomShape(), 42, opts);
  Model other = s2sgen::randomModel(randomShape(), 43, opts);
  CHECK(m.encoder[1].wHh == again.encoder[1].wHh);
  CHECK(m.encoder[1].wHh != other.encoder[1].wHh);
  // The pytorch layout splits the bias; canonical keeps one.
  bool split = false;
  for (double b : m.decoder[0].bHh)
    split |= b != 0;
  CHECK(split);
  Model canon = s2sgen::randomModel(randomShape(), 42, s2sgen::WeightOptions());
  for (double b : canon.decoder[0].bHh)
    CHECK(b == 0);

  // Only the first `len` tokens matter.
  int32_t a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 2, 3, 9, 0, 10};
  TokenResult ra = translateTokens(m, a, 3, 8),
              rb = translateTokens(m, b, 3, 8);
  CHECK(ra.tokens == rb.tokens && ra.logits == rb.logits);
  TokenResult rc = translateTokens(m, a, 4, 8);
  CHECK(rc.logits[0] != ra.logits[0]);
  // Greedy: every token is the argmax of its logits; EOS only at the end.
  for (size_t t = 0; t < ra.tokens.size(); ++t) {
    CHECK(ra.tokens[t] == argmax(ra.logits[t]));
    if (t + 1 < ra.tokens.size())
      CHECK(ra.tokens[t] != m.eos);
  }
  CHECK(ra.tokens.size() <= 8);
  // init_state matters.
  Model z = m;
  z.initState = InitState::Zeros;
  CHECK(translateTokens(z, a, 3, 8).logits[0] != ra.logits[0]);
  // A prefix property: with a smaller max_out the decode is a prefix.
  TokenResult r3 = translateTokens(m, a, 3, 3);
  CHECK(r3.tokens.size() <= 3);
  for (size_t t = 0; t < r3.tokens.size(); ++t)
    CHECK(r3.tokens[t] == ra.tokens[t] && r3.logits[t] == ra.logits[t]);
}

static const s2sgen::Tensor *find(const std::vector<s2sgen::Tensor> &ts,
                                  const std::string &name) {
  for (const s2sgen::Tensor &t : ts)
    if (t.name == name)
      return &t;
  std::cout << "  (missing tensor " << name << ")\n";
  return nullptr;
}

static void testLayouts() {
  s2sgen::ModelShape s = randomShape();
  s.encLayers = s.decLayers = 2;
  const int H = 7;
  for (Layout layout : {Layout::Canonical, Layout::PyTorch, Layout::Keras,
                        Layout::Flax, Layout::Onnx}) {
    s2sgen::WeightOptions o;
    o.layout = layout;
    if (layout != Layout::PyTorch) {
      o.encoder = "encoder.{layer}";
      o.decoder = "decoder.{layer}";
    }
    Model m = s2sgen::randomModel(s, 7, o);
    std::vector<s2sgen::Tensor> ts = s2sgen::exportWeights(m, o);
    const LstmLayer &d1 = m.decoder[1];
    const int I = d1.in;
    // Each check pulls W_ih[r][k] of decoder layer 1 back out of the file
    // layout, for r in each gate block.
    for (int r : {0, H + 1, 2 * H + 2, 3 * H + 3}) {
      int gate = r / H, j = r % H, k = 1;
      double want = d1.wIh[size_t(r) * I + k];
      const s2sgen::Tensor *t = nullptr;
      double got = NAN;
      switch (layout) {
      case Layout::Canonical:
        if ((t = find(ts, "decoder.1.w_ih")))
          got = t->values[size_t(r) * I + k];
        break;
      case Layout::PyTorch:
        if ((t = find(ts, "decoder.weight_ih_l1")))
          got = t->values[size_t(r) * I + k];
        break;
      case Layout::Keras: // [in, 4H]
        if ((t = find(ts, "decoder.1.kernel")))
          got = t->values[size_t(k) * 4 * H + r];
        break;
      case Layout::Flax: { // per gate [in, H]
        const char *names[4] = {"decoder.1.ii.kernel", "decoder.1.if.kernel",
                                "decoder.1.ig.kernel", "decoder.1.io.kernel"};
        if ((t = find(ts, names[gate])))
          got = t->values[size_t(k) * H + j];
        break;
      }
      case Layout::Onnx: {               // [1, 4H, in], blocks i, o, f, c
        const int pos[4] = {0, 2, 3, 1}; // where i, f, g, o land
        if ((t = find(ts, "decoder.1.W")))
          got = t->values[size_t(pos[gate] * H + j) * I + k];
        break;
      }
      }
      CHECK(got == want);
    }
    // Biases: total b = bIh + bHh recoverable from every layout.
    double bWant = d1.bIh[2 * H] + d1.bHh[2 * H]; // gate g, unit 0
    double bGot = NAN;
    const s2sgen::Tensor *t;
    switch (layout) {
    case Layout::Canonical:
      if ((t = find(ts, "decoder.1.b")))
        bGot = t->values[2 * H];
      break;
    case Layout::PyTorch: {
      const s2sgen::Tensor *a = find(ts, "decoder.bias_ih_l1");
      const s2sgen::Tensor *b = find(ts, "decoder.bias_hh_l1");
      if (a && b)
        bGot = a->values[2 * H] + b->values[2 * H];
      break;
    }
    case Layout::Keras:
      if ((t = find(ts, "decoder.1.bias")))
        bGot = t->values[2 * H];
      break;
    case Layout::Flax:
      if ((t = find(ts, "decoder.1.hg.bias")))
        bGot = t->values[0];
      break;
    case Layout::Onnx: // B = [Wb; Rb], each i, o, f, c: g is block 3
      if ((t = find(ts, "decoder.1.B")))
        bGot = t->values[3 * H] + t->values[4 * H + 3 * H];
      break;
    }
    CHECK(bGot == bWant);
    // Output Dense: [V, H] or [H, V].
    const s2sgen::Tensor *out = find(
        ts, layout == Layout::Flax || layout == Layout::Keras ? "out.kernel"
                                                              : "out.weight");
    if (out) {
      bool transposed = layout == Layout::Flax || layout == Layout::Keras;
      CHECK(out->shape[0] == (transposed ? H : m.tgtVocab));
      double w = m.output.w[size_t(2) * H + 5]; // row 2, column 5
      CHECK(out->values[transposed ? size_t(5) * m.tgtVocab + 2
                                   : size_t(2) * H + 5] == w);
    }
    const char *emb = layout == Layout::Flax    ? "src_embed.embedding"
                      : layout == Layout::Keras ? "src_embed.embeddings"
                                                : "src_embed.weight";
    CHECK(find(ts, emb) != nullptr);
  }
}

static void testDtypesAndImage() {
  // Quantized values are exact in the target format.
  s2sgen::Rng rng(5);
  for (int i = 0; i < 1000; ++i) {
    double x = rng.uniform(-3, 3);
    double h = s2sgen::quantize(x, DType::F16);
    CHECK(std::fabs(h - x) <= std::ldexp(std::fabs(x), -11) + 1e-12);
    double b = s2sgen::quantize(x, DType::BF16);
    float bf = float(b);
    uint32_t bits;
    std::memcpy(&bits, &bf, 4);
    CHECK(double(bf) == b && (bits & 0xffff) == 0);
    CHECK(s2sgen::quantize(x, DType::F32) == double(float(x)));
  }
  CHECK(s2sgen::quantize(1e-7, DType::F16) == std::ldexp(2.0, -24));

  std::vector<s2sgen::Tensor> ts = {{"a", {2}, {1.0, -2.0}},
                                    {"b.c", {1, 3}, {0.5, 0.25, -0.125}}};
  for (DType d : {DType::F32, DType::F16, DType::BF16, DType::F64}) {
    std::string img = s2sgen::safetensorsImage(ts, d);
    uint64_t n = 0;
    for (int i = 0; i < 8; ++i)
      n |= uint64_t(uint8_t(img[i])) << (8 * i);
    size_t elem = d == DType::F64 ? 8 : d == DType::F32 ? 4 : 2;
    CHECK((8 + n) % 8 == 0);
    CHECK(img.size() == 8 + n + 5 * elem);
    std::string header = img.substr(8, n);
    CHECK(header.find("\"b.c\":{\"dtype\":\"" +
                      std::string(s2sgen::dtypeName(d)) +
                      "\",\"shape\":[1,3],\"data_offsets\":[" +
                      std::to_string(2 * elem) + "," +
                      std::to_string(5 * elem) + "]}") != std::string::npos);
    // Spot-check the encoding of -2.0 (second element of "a").
    const unsigned char *p =
        reinterpret_cast<const unsigned char *>(img.data()) + 8 + n + elem;
    uint64_t bits = 0;
    for (size_t i = 0; i < elem; ++i)
      bits |= uint64_t(p[i]) << (8 * i);
    uint64_t want = d == DType::F32    ? 0xc0000000u
                    : d == DType::F16  ? 0xc000u
                    : d == DType::BF16 ? 0xc000u
                                       : 0xc000000000000000ull;
    CHECK(bits == want);
  }
  // Half subnormals and the smallest normal encode exactly.
  std::vector<s2sgen::Tensor> small = {
      {"s", {3}, {std::ldexp(1.0, -24), std::ldexp(1.0, -14), -0.0}}};
  std::string img = s2sgen::safetensorsImage(small, DType::F16);
  const unsigned char *p =
      reinterpret_cast<const unsigned char *>(img.data()) + img.size() - 6;
  CHECK(p[0] == 0x01 && p[1] == 0x00);
  CHECK(p[2] == 0x00 && p[3] == 0x04);
  CHECK(p[4] == 0x00 && p[5] == 0x80);
}

static void testSpecYaml() {
  s2sgen::WeightOptions o;
  o.layout = Layout::PyTorch;
  Model m = s2sgen::randomModel(randomShape(), 1, o);
  m.name = "demo";
  std::string y = s2sgen::specYaml(m, o);
  for (const char *want :
       {"s2sc: 1\n", "name: demo\n", "  kind: tokens\n  vocab: 11\n",
        "  embed: 6\n  bos: 1\n  eos: 2\n", "  hidden: 7\n  layers: 2\n",
        "  max_length: 8\n", "  layout: pytorch\n", "    encoder: encoder\n",
        "    output: out\n"})
    CHECK(y.find(want) != std::string::npos);
  o.layout = Layout::Canonical;
  o.encoder = "enc.{layer}";
  o.separator = "/";
  y = s2sgen::specYaml(m, o);
  CHECK(y.find("    encoder: \"enc.{layer}\"\n") != std::string::npos);
  CHECK(y.find("  separator: \"/\"\n") != std::string::npos);
  CHECK(y.find("layout:") == std::string::npos); // canonical is the default
}

//===----------------------------------------------------------------------===//
// Beam search (SEMANTICS.md 4)
//===----------------------------------------------------------------------===//

/// A small token model (V = 3, two decoder layers, peek concat) whose
/// sources are the ids 0..srcVocab-1.
static Model beamModel(unsigned seed, int eos, double eosBias = 0.0) {
  s2sgen::ModelShape s = randomShape();
  s.tgtVocab = 3;
  s.bos = 1;
  s.eos = eos;
  s.maxLength = 3;
  s.peek = Peek::Concat;
  s.eosBias = eosBias;
  return s2sgen::randomModel(s, seed, s2sgen::WeightOptions());
}

static EncoderState beamSource(const Model &m) {
  const int32_t src[] = {3, 1, 4, 1, 5};
  return encode(m, src, nullptr, 5);
}

static void testLengthPenalty() {
  CHECK(lengthPenalty(LengthPenalty::None, 0.6, 7) == 1.0);
  CHECK_NEAR(lengthPenalty(LengthPenalty::Avg, 0.5, 4), 2.0, 1e-15);
  CHECK_NEAR(lengthPenalty(LengthPenalty::Gnmt, 1.0, 7), 2.0, 1e-15);
  CHECK_NEAR(lengthPenalty(LengthPenalty::Gnmt, 2.0, 1), 1.0, 1e-15);
  std::vector<double> l = logSoftmax({1.0, 2.0, 3.0});
  // ln(e + e^2 + e^3) = 3.40760596444438
  CHECK_NEAR(l[2], 3.0 - 3.40760596444438, 1e-12);
  CHECK_NEAR(std::exp(l[0]) + std::exp(l[1]) + std::exp(l[2]), 1.0, 1e-15);
}

/// Uniform scores (a zero output layer) make every candidate tie: the
/// results follow from the tie rules alone, worked out by hand.
static void testBeamTiesByHand() {
  const double third = std::log(3.0);
  {
    // EOS = 2, K = 2, 3 steps: each step keeps (b, 0) and (b, 1) of the
    // first live hypothesis (flat order); EOS always ranks 2 >= K and is
    // dropped. After step 3 both live ones finish, equal in S and step:
    // ranked by their rank in step 3's candidates.
    Model m = beamModel(5, 2);
    std::fill(m.output.w.begin(), m.output.w.end(), 0.0);
    std::fill(m.output.b.begin(), m.output.b.end(), 0.0);
    std::vector<Hypothesis> f = beamSearch(m, beamSource(m), 2, LengthPenalty::None, 1.0, 9, 2);
    CHECK(f.size() == 2);
    CHECK((f[0].tokens == std::vector<int>{0, 0, 0}));
    CHECK((f[1].tokens == std::vector<int>{0, 0, 1}));
    CHECK_NEAR(f[0].score, -3 * third, 1e-12);
    CHECK(f[0].finishStep == 3 && f[0].stepRank == 0 && f[1].stepRank == 1);
    // max_out below max_length bounds the steps.
    f = beamSearch(m, beamSource(m), 2, LengthPenalty::None, 1.0, 2, 1);
    CHECK(f.size() == 1 && (f[0].tokens == std::vector<int>{0, 0}));
  }
  {
    // EOS = 0, K = 2: step 1 finishes [0] (rank 0) and keeps [1], [2];
    // step 2 finishes [1, 0] (rank 0): |F| = 2 = K, stop. S/1 beats S/2 with
    // no penalty; with avg (alpha 1) both are -ln 3, and the earlier
    // finish wins the tie.
    Model m = beamModel(5, 0);
    std::fill(m.output.w.begin(), m.output.w.end(), 0.0);
    std::fill(m.output.b.begin(), m.output.b.end(), 0.0);
    for (LengthPenalty lp : {LengthPenalty::None, LengthPenalty::Avg}) {
      std::vector<Hypothesis> f = beamSearch(m, beamSource(m), 2, lp, 1.0, 9, 2);
      CHECK(f.size() == 2);
      CHECK((f[0].tokens == std::vector<int>{0}));
      CHECK((f[1].tokens == std::vector<int>{1, 0}));
      CHECK(f[0].finishStep == 1 && f[1].finishStep == 2);
      CHECK_NEAR(f[1].score, -2 * third, 1e-12);
      CHECK_NEAR(f[1].rankScore, lp == LengthPenalty::Avg ? -third : -2 * third, 1e-12);
    }
    // A penalty that favours length reorders F, and the search still stops
    // at |F| = K: [1, 1, 0] (step 3, -3 ln 3 / 9) is never reached.
    std::vector<Hypothesis> f = beamSearch(m, beamSource(m), 2, LengthPenalty::Avg, 2.0, 9, 2);
    CHECK(f.size() == 2);
    CHECK((f[0].tokens == std::vector<int>{1, 0}));
    CHECK((f[1].tokens == std::vector<int>{0}));
    // K = 3: step 2 finishes [1, 0] (rank 0) but drops [2, 0] (rank 3 >= K)
    // and keeps [1, 1], [1, 2], [2, 1]; step 3 finishes [1, 1, 0]: |F| = 3.
    f = beamSearch(m, beamSource(m), 3, LengthPenalty::None, 1.0, 9, 3);
    CHECK(f.size() == 3);
    CHECK((f[0].tokens == std::vector<int>{0}));
    CHECK((f[1].tokens == std::vector<int>{1, 0}));
    CHECK((f[2].tokens == std::vector<int>{1, 1, 0}));
  }
}

/// Every sequence of V = 3 tokens up to 3 steps that a search can finish
/// (EOS only last; 1 + 2 + 4 + 8 = 15 of them), by depth-first
/// enumeration.
static void enumerate(const Model &m, std::vector<int> &prefix,
                      std::vector<std::vector<int>> &out) {
  for (int v = 0; v < m.tgtVocab; ++v) {
    prefix.push_back(v);
    if (v == m.eos || int(prefix.size()) == m.maxLength)
      out.push_back(prefix);
    else
      enumerate(m, prefix, out);
    prefix.pop_back();
  }
}

/// With K at least the number of sequences, beam search is exhaustive: it
/// must return every sequence, ranked by S / lp(L), with S as the decoder
/// scores it step by step.
static void testBeamIsExhaustiveWhenWide() {
  for (unsigned seed : {11u, 12u, 13u}) {
    Model m = beamModel(seed, 2, seed == 13 ? 2.0 : 0.0);
    EncoderState enc = beamSource(m);
    std::vector<int> prefix;
    std::vector<std::vector<int>> all;
    enumerate(m, prefix, all);
    CHECK(all.size() == 15);
    struct Lp {
      LengthPenalty lp;
      double alpha;
    } penalties[] = {
        {LengthPenalty::None, 1.0}, {LengthPenalty::Avg, 0.7}, {LengthPenalty::Gnmt, 1.3}};
    for (const Lp &p : penalties) {
      std::vector<std::pair<double, std::vector<int>>> expected;
      for (const std::vector<int> &t : all)
        expected.push_back(
            {sequenceScore(m, enc, t) / lengthPenalty(p.lp, p.alpha, int(t.size())), t});
      std::sort(expected.begin(), expected.end(),
                [](const auto &x, const auto &y) { return x.first > y.first; });
      for (int K : {15, 20}) {
        std::vector<Hypothesis> f = beamSearch(m, enc, K, p.lp, p.alpha, 9, K == 15 ? 15 : 20);
        CHECK(f.size() == 15);
        for (size_t i = 0; i < f.size() && i < expected.size(); ++i) {
          CHECK(f[i].tokens == expected[i].second);
          CHECK_NEAR(f[i].rankScore, expected[i].first, 1e-12);
        }
      }
    }
  }
}

/// Narrow beams: scores are the decoder's, results ranked and well formed,
/// n_best a prefix of the full list; K = 1 is greedy, token for token.
static void testBeamProperties() {
  for (unsigned seed = 20; seed < 30; ++seed) {
    s2sgen::ModelShape s = randomShape();
    s.eosBias = seed % 2 ? 3.0 : 0.0; // early EOS in half of the models
    Model m = s2sgen::randomModel(s, seed, s2sgen::WeightOptions());
    const int32_t src[] = {int32_t(seed % 11), 2, 7, 0, 9, 4};
    EncoderState enc = encode(m, src, nullptr, 6);
    for (int K : {2, 3, 5}) {
      std::vector<Hypothesis> f = beamSearch(m, enc, K, LengthPenalty::Gnmt, 0.6, 7, K);
      CHECK(!f.empty() && int(f.size()) <= K);
      for (size_t i = 0; i < f.size(); ++i) {
        const Hypothesis &h = f[i];
        CHECK(!h.tokens.empty() && int(h.tokens.size()) <= 7);
        for (size_t j = 0; j + 1 < h.tokens.size(); ++j)
          CHECK(h.tokens[j] != m.eos);
        CHECK(int(h.tokens.size()) == 7 || h.tokens.back() == m.eos);
        CHECK_NEAR(h.score, sequenceScore(m, enc, h.tokens), 1e-9);
        if (i > 0)
          CHECK(f[i - 1].rankScore >= h.rankScore);
      }
      std::vector<Hypothesis> one = beamSearch(m, enc, K, LengthPenalty::Gnmt, 0.6, 7, 1);
      CHECK(one.size() == 1 && one[0].tokens == f[0].tokens);
    }
    std::vector<Hypothesis> k1 = beamSearch(m, enc, 1, LengthPenalty::None, 1.0, 7, 1);
    TokenResult greedy = translateTokens(m, src, 6, 7);
    CHECK(k1.size() == 1 && k1[0].tokens == greedy.tokens);
  }
}

/// Attention (SEMANTICS.md 5) on hand-computed one-dimensional cases: the
/// softmax-weighted context, Luong's h~ with dot and general scores, and
/// Bahdanau's additive context (values from a separate pocket-calculator
/// script).
static void testAttentionByHand() {
  Model m = handModel1();
  m.attention.type = AttentionType::Luong;
  m.attention.score = AttentionScore::Dot;
  m.attention.output = dense(2, {0.3, -0.7}, {0.1}); // W_c [ctx ; h]
  std::vector<std::vector<double>> memory = {{1.0}, {2.0}};
  CHECK_NEAR(attentionContext({0.5, 1.0}, memory)[0], 1.6224593312018547, 1e-15);
  CHECK_NEAR(luongOutput(m, {0.5}, memory)[0], 0.23241210680958577, 1e-15);
  m.attention.score = AttentionScore::General;
  m.attention.general = dense(1, {2.0}, {0.0});
  CHECK_NEAR(luongOutput(m, {0.5}, memory)[0], 0.2629897222075096, 1e-15);
  // One valid position: weight exactly 1.
  CHECK(attentionContext({-3.0}, {{0.25, -4.0}}) == (std::vector<double>{0.25, -4.0}));

  m.attention = Attention();
  m.attention.type = AttentionType::Bahdanau;
  m.attention.size = 2;
  m.attention.query = dense(1, {1.0, -1.0}, {0.1, 0.2});
  m.attention.key = dense(1, {0.5, 1.0}, {0.0, -0.1});
  m.attention.v = {1.0, -2.0};
  CHECK_NEAR(bahdanauContext(m, {0.3}, {{1.0}, {-1.0}})[0], -0.7967717061636272, 1e-15);
}

/// The bidirectional encoder (SEMANTICS.md 2b) is wired as written: per
/// step [forward ; backward] outputs, the backward LSTM over the row's steps
/// in reverse from zero, C = [h->_T ; h<-_1], and the final state of both.
static void testBidirectionalWiring() {
  Model m = handModel1();
  m.bidirectional = true;
  m.encoderReverse.push_back(layer(1, {-0.4, 0.3, 0.9, -0.2}, {0.5, -0.1, 0.2, 0.3},
                                   {0.1, 0, -0.1, 0}, {0, 0.2, 0, 0.05}));
  const int32_t src[3] = {0, 1, 1};
  EncoderState enc = encode(m, src, nullptr, 3);
  std::vector<double> hf(1, 0.0), cf(1, 0.0), hb(1, 0.0), cb(1, 0.0);
  std::vector<double> fw[3], bw[3];
  for (int t = 0; t < 3; ++t) {
    lstmStep(m.encoder[0], m.encGate, &m.srcEmbedding[src[t]], hf, cf);
    fw[t] = hf;
  }
  for (int t = 2; t >= 0; --t) {
    lstmStep(m.encoderReverse[0], m.encGate, &m.srcEmbedding[src[t]], hb, cb);
    bw[t] = hb;
  }
  CHECK(enc.memory.size() == 3);
  for (int t = 0; t < 3; ++t)
    CHECK((enc.memory[t] == std::vector<double>{fw[t][0], bw[t][0]}));
  CHECK((enc.context == std::vector<double>{hf[0], hb[0]}));
  CHECK((enc.h[0] == std::vector<double>{hf[0], hb[0]}));
  CHECK((enc.c[0] == std::vector<double>{cf[0], cb[0]}));
  // A shorter row reads only its own steps: its backward pass starts at
  // its last valid step.
  EncoderState two = encode(m, src, nullptr, 2);
  CHECK(two.memory.size() == 2 && two.memory[1][1] != enc.memory[1][1]);
  // The decoder's hidden size must be 2H for init_state encoder.
  CHECK(!validate(m).empty());
}

int main() {
  testGates();
  testHandModel1();
  testHandModel2Vectors();
  testHandModel3TwoLayersTopConcat();
  testValidate();
  testProperties();
  testLayouts();
  testDtypesAndImage();
  testSpecYaml();
  testLengthPenalty();
  testBeamTiesByHand();
  testBeamIsExhaustiveWhenWide();
  testBeamProperties();
  testAttentionByHand();
  testBidirectionalWiring();
  std::cout << checks << " checks, " << failures << " failed\n";
  if (failures)
    return 1;
  std::cout << "Success!\n";
  return 0;
}
