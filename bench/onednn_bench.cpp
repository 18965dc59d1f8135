//===- onednn_bench.cpp - The oneDNN peer of bench/peers.sh ----*- C++ -*-===//
///
/// Runs one workload of bench/workloads.py with oneDNN 2.6 (Debian
/// libdnnl-dev) from the same weights.safetensors and prints bench_common.h's
/// RESULT line:
///  - encoder: lstm_forward (forward_inference) over the whole source, from
///    zero state; all layers in one primitive when the input size equals H,
///    else layer 0 and layers 1..L-1 as two;
///  - decoder: per step, lstm_forward with T = 1 (same grouping of layers),
///    from the encoder's final (h, c) of each layer; input = target embedding
///    of the previous token (BOS first), concatenated with C (the top encoder
///    layer's last h) when the workload has peek;
///  - output: inner_product_forward, argmax on the host (lowest index wins).
/// Weights are reordered once, before timing, into the formats the
/// primitives choose (format_tag::any) from user memories in ldigo / ldgo /
/// oi built from the PyTorch tensors (gates i, f, g, o in both).
/// Threads: OMP_NUM_THREADS (Debian's oneDNN uses OpenMP).
///
/// Build: g++ -O3 -march=native -std=c++17 bench/onednn_bench.cpp -ldnnl
/// Run:   onednn_bench DIR [--runs N] [--warmup N] [--threads N]
///
//===----------------------------------------------------------------------===//
#include "bench_common.h"

#include <dnnl.hpp>

#include <cstring>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <utility>

namespace {

using bench::die;
using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

//===----------------------------------------------------------------------===//
// A tiny safetensors reader (shared/SEMANTICS.md 7), F32 tensors only.
//===----------------------------------------------------------------------===//

/// Just enough JSON for a safetensors header.
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  double number = 0;
  std::string string;
  std::vector<Json> items;                           // Array
  std::vector<std::pair<std::string, Json>> members; // Object

  const Json *get(const std::string &key) const {
    for (auto &m : members)
      if (m.first == key)
        return &m.second;
    return nullptr;
  }
};

class JsonParser {
public:
  JsonParser(const std::string &text, const std::string &where) : s(text), where(where) {}

  Json parseDocument() {
    Json v = value();
    space();
    if (p != s.size())
      fail("trailing characters");
    return v;
  }

private:
  const std::string &s;
  std::string where;
  size_t p = 0;

  [[noreturn]] void fail(const std::string &msg) {
    die(where + ": bad JSON header at byte " + std::to_string(p) + ": " + msg);
  }
  void space() {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r'))
      ++p;
  }
  void expect(char c) {
    space();
    if (p >= s.size() || s[p] != c)
      fail(std::string("expected '") + c + "'");
    ++p;
  }
  std::string str() {
    expect('"');
    std::string out;
    while (true) {
      if (p >= s.size())
        fail("unterminated string");
      char c = s[p++];
      if (c == '"')
        return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (p >= s.size())
        fail("unterminated escape");
      char e = s[p++];
      switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': // names here are ASCII; keep other code points as '?'
        if (p + 4 > s.size())
          fail("short \\u escape");
        {
          unsigned cp = std::stoul(s.substr(p, 4), nullptr, 16);
          out += cp < 0x80 ? (char)cp : '?';
        }
        p += 4;
        break;
      default: out += e; break;
      }
    }
  }
  Json value() {
    space();
    if (p >= s.size())
      fail("unexpected end");
    Json v;
    char c = s[p];
    if (c == '{') {
      v.kind = Json::Object;
      ++p;
      space();
      if (p < s.size() && s[p] == '}') {
        ++p;
        return v;
      }
      while (true) {
        std::string key = str();
        expect(':');
        v.members.emplace_back(key, value());
        space();
        if (p < s.size() && s[p] == ',') {
          ++p;
          continue;
        }
        expect('}');
        return v;
      }
    }
    if (c == '[') {
      v.kind = Json::Array;
      ++p;
      space();
      if (p < s.size() && s[p] == ']') {
        ++p;
        return v;
      }
      while (true) {
        v.items.push_back(value());
        space();
        if (p < s.size() && s[p] == ',') {
          ++p;
          continue;
        }
        expect(']');
        return v;
      }
    }
    if (c == '"') {
      v.kind = Json::String;
      v.string = str();
      return v;
    }
    for (const char *lit : {"true", "false", "null"})
      if (s.compare(p, std::strlen(lit), lit) == 0) {
        p += std::strlen(lit);
        v.kind = lit[0] == 'n' ? Json::Null : Json::Bool;
        v.number = lit[0] == 't';
        return v;
      }
    size_t end = p;
    while (end < s.size() && std::strchr("+-0123456789.eE", s[end]))
      ++end;
    if (end == p)
      fail("unexpected character");
    v.kind = Json::Number;
    v.number = std::stod(s.substr(p, end - p));
    p = end;
    return v;
  }
};

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
};

std::map<std::string, Tensor> loadSafetensors(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    die("cannot open " + path);
  std::string raw((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (raw.size() < 8)
    die(path + ": too short for a safetensors file");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | (unsigned char)raw[i];
  if (n > raw.size() - 8)
    die(path + ": header length " + std::to_string(n) + " is past the end of the file");
  std::string text = raw.substr(8, n);
  Json header = JsonParser(text, path).parseDocument();
  if (header.kind != Json::Object)
    die(path + ": the header is not a JSON object");
  size_t dataBegin = 8 + n, dataSize = raw.size() - dataBegin;
  std::map<std::string, Tensor> out;
  for (auto &[name, e] : header.members) {
    if (name == "__metadata__")
      continue;
    const Json *dtype = e.get("dtype"), *shape = e.get("shape"), *offs = e.get("data_offsets");
    if (!dtype || !shape || !offs || dtype->kind != Json::String || shape->kind != Json::Array ||
        offs->kind != Json::Array || offs->items.size() != 2)
      die(path + ": tensor '" + name + "' lacks dtype, shape or data_offsets");
    if (dtype->string != "F32")
      die(path + ": tensor '" + name + "' is " + dtype->string + "; this reader takes F32 only");
    Tensor t;
    size_t count = 1;
    for (auto &d : shape->items) {
      t.shape.push_back((int64_t)d.number);
      count *= (size_t)d.number;
    }
    size_t begin = (size_t)offs->items[0].number, end = (size_t)offs->items[1].number;
    if (begin > end || end > dataSize)
      die(path + ": tensor '" + name + "' has data_offsets outside the data");
    if (end - begin != count * sizeof(float))
      die(path + ": tensor '" + name + "': byte size does not match its shape");
    t.data.resize(count);
    std::memcpy(t.data.data(), raw.data() + dataBegin + begin, end - begin);
    if (!out.emplace(name, std::move(t)).second)
      die(path + ": duplicate tensor '" + name + "'");
  }
  return out;
}

const Tensor &need(const std::map<std::string, Tensor> &ts, const std::string &name,
                   std::vector<int64_t> shape) {
  auto it = ts.find(name);
  if (it == ts.end())
    die("weights.safetensors has no tensor '" + name + "'");
  if (it->second.shape != shape) {
    std::string want, got;
    for (auto d : shape)
      want += " " + std::to_string(d);
    for (auto d : it->second.shape)
      got += " " + std::to_string(d);
    die("tensor '" + name + "' has shape [" + got + " ], expected [" + want + " ]");
  }
  return it->second;
}

//===----------------------------------------------------------------------===//
// The model.
//===----------------------------------------------------------------------===//

/// Layers [first, first + count) of one nn.LSTM as one lstm_forward primitive
/// over `steps` time steps with batch `batch` and input size `in`. Its data
/// memories are bound at execution (the arguments differ per call).
struct LstmGroup {
  int first = 0, count = 0, in = 0;
  dnnl::lstm_forward prim;
  memory weightsLayer, weightsIter, bias;
  memory::desc srcLayer, dstLayer, iter; // tnc / ldnc f32

  LstmGroup(const dnnl::engine &eng, dnnl::stream &strm, const std::map<std::string, Tensor> &ts,
            const std::string &module, int first, int count, int in, int H, int steps, int batch,
            bool zeroInitialState)
      : first(first), count(count), in(in) {
    memory::dim L = count, I = in, G = 4, O = H, N = batch, T = steps;
    srcLayer = memory::desc({T, N, I}, dt::f32, tag::tnc);
    dstLayer = memory::desc({T, N, O}, dt::f32, tag::tnc);
    iter = memory::desc({L, 1, N, O}, dt::f32, tag::ldnc);
    memory::desc wlAny({L, 1, I, G, O}, dt::f32, tag::any);
    memory::desc wiAny({L, 1, O, G, O}, dt::f32, tag::any);
    memory::desc biasDesc({L, 1, G, O}, dt::f32, tag::ldgo);
    memory::desc srcIter = zeroInitialState ? memory::desc() : iter;
    dnnl::lstm_forward::desc d(dnnl::prop_kind::forward_inference,
                               dnnl::rnn_direction::unidirectional_left2right, srcLayer, srcIter,
                               srcIter, wlAny, wiAny, biasDesc, dstLayer, iter, iter);
    dnnl::lstm_forward::primitive_desc pd(d, eng);
    prim = dnnl::lstm_forward(pd);

    // User memories: ldigo [l][0][i][g][o] = W[g*H + o][i] (PyTorch [4H, in]).
    memory userWl({{L, 1, I, G, O}, dt::f32, tag::ldigo}, eng);
    memory userWi({{L, 1, O, G, O}, dt::f32, tag::ldigo}, eng);
    bias = memory(biasDesc, eng);
    auto *wl = static_cast<float *>(userWl.get_data_handle());
    auto *wi = static_cast<float *>(userWi.get_data_handle());
    auto *b = static_cast<float *>(bias.get_data_handle());
    for (int l = 0; l < count; ++l) {
      std::string sfx = "_l" + std::to_string(first + l);
      const Tensor &wih = need(ts, module + ".weight_ih" + sfx, {4 * H, in});
      const Tensor &whh = need(ts, module + ".weight_hh" + sfx, {4 * H, H});
      const Tensor &bih = need(ts, module + ".bias_ih" + sfx, {4 * H});
      const Tensor &bhh = need(ts, module + ".bias_hh" + sfx, {4 * H});
      for (int i = 0; i < in; ++i)
        for (int go = 0; go < 4 * H; ++go)
          wl[((size_t)l * in + i) * 4 * H + go] = wih.data[(size_t)go * in + i];
      for (int i = 0; i < H; ++i)
        for (int go = 0; go < 4 * H; ++go)
          wi[((size_t)l * H + i) * 4 * H + go] = whh.data[(size_t)go * H + i];
      for (int go = 0; go < 4 * H; ++go)
        b[(size_t)l * 4 * H + go] = bih.data[go] + bhh.data[go];
    }
    weightsLayer = reorderTo(eng, strm, userWl, pd.weights_layer_desc());
    weightsIter = reorderTo(eng, strm, userWi, pd.weights_iter_desc());
  }

  static memory reorderTo(const dnnl::engine &eng, dnnl::stream &strm, memory &user,
                          const memory::desc &want) {
    if (user.get_desc() == want)
      return user;
    memory m(want, eng);
    dnnl::reorder(user, m).execute(strm, user, m);
    strm.wait();
    return m;
  }

  /// Arguments for one execution: src/dst layer buffers; h/c state buffers
  /// of all L layers ([L][batch][H]; this group uses its own layers' slice);
  /// null srcH = zero initial state.
  std::unordered_map<int, memory> args(const dnnl::engine &eng, float *src, float *dst,
                                       float *srcH, float *srcC, float *dstH, float *dstC,
                                       size_t layerStride) const {
    size_t off = (size_t)first * layerStride;
    std::unordered_map<int, memory> a{
        {DNNL_ARG_SRC_LAYER, memory(srcLayer, eng, src)},
        {DNNL_ARG_DST_LAYER, memory(dstLayer, eng, dst)},
        {DNNL_ARG_WEIGHTS_LAYER, weightsLayer},
        {DNNL_ARG_WEIGHTS_ITER, weightsIter},
        {DNNL_ARG_BIAS, bias},
        {DNNL_ARG_DST_ITER, memory(iter, eng, dstH + off)},
        {DNNL_ARG_DST_ITER_C, memory(iter, eng, dstC + off)},
    };
    if (srcH) {
      a[DNNL_ARG_SRC_ITER] = memory(iter, eng, srcH + off);
      a[DNNL_ARG_SRC_ITER_C] = memory(iter, eng, srcC + off);
    }
    return a;
  }
};

/// The layer groups of one nn.LSTM: all layers together when the input size
/// equals H (oneDNN needs equal sizes to stack layers), else layer 0 alone.
std::vector<std::unique_ptr<LstmGroup>>
makeStack(const dnnl::engine &eng, dnnl::stream &strm, const std::map<std::string, Tensor> &ts,
          const std::string &module, int layers, int in, int H, int steps, int batch,
          bool zeroInitialState) {
  std::vector<std::unique_ptr<LstmGroup>> g;
  if (in == H) {
    g.emplace_back(new LstmGroup(eng, strm, ts, module, 0, layers, H, H, steps, batch,
                                 zeroInitialState));
    return g;
  }
  g.emplace_back(
      new LstmGroup(eng, strm, ts, module, 0, 1, in, H, steps, batch, zeroInitialState));
  if (layers > 1)
    g.emplace_back(new LstmGroup(eng, strm, ts, module, 1, layers - 1, H, H, steps, batch,
                                 zeroInitialState));
  return g;
}

struct Model {
  bench::Workload w;
  dnnl::engine eng{dnnl::engine::kind::cpu, 0};
  dnnl::stream strm{eng};
  int V, E, H, L, T, B, Din;
  std::vector<float> srcEmbed, tgtEmbed;
  std::vector<std::unique_ptr<LstmGroup>> enc, dec;
  dnnl::inner_product_forward proj;
  memory projW, projB, projSrc, projDst;

  // Buffers (allocated once; the timed call only fills them).
  std::vector<float> encX, encY[2]; // [T][B][E], [T][B][H] (ping-pong between groups)
  std::vector<float> h[2], c[2];    // [L][B][H]: decoder state, ping-pong between steps
  std::vector<float> decX, decY[2]; // [B][Din], [B][H]
  std::vector<float> logits;        // [B][V]
  std::vector<float> ctx;           // [B][H]: C, for peek
  std::vector<std::unordered_map<int, memory>> encArgs, decArgs[2];
  std::vector<int32_t> prev;

  explicit Model(const bench::Workload &wl) : w(wl) {
    V = w.vocab, E = w.embed, H = w.hidden, L = w.layers, T = w.srcLen, B = w.batch;
    Din = E + (w.peek ? H : 0);
    auto ts = loadSafetensors(w.dir + "/weights.safetensors");
    srcEmbed = need(ts, "src_embed.weight", {V, E}).data;
    tgtEmbed = need(ts, "tgt_embed.weight", {V, E}).data;
    enc = makeStack(eng, strm, ts, "encoder", L, E, H, T, B, /*zeroInitialState=*/true);
    dec = makeStack(eng, strm, ts, "decoder", L, Din, H, 1, B, false);

    // Output projection: logits [B][V] = h_top [B][H] x W^T + b.
    memory::desc src({B, H}, dt::f32, tag::nc), dst({B, V}, dt::f32, tag::nc);
    memory::desc wAny({V, H}, dt::f32, tag::any), bDesc({V}, dt::f32, tag::x);
    dnnl::inner_product_forward::primitive_desc pd(
        dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src, wAny, bDesc,
                                          dst),
        eng);
    proj = dnnl::inner_product_forward(pd);
    memory userW({{V, H}, dt::f32, tag::oi}, eng);
    const Tensor &ow = need(ts, "out.weight", {V, H});
    std::memcpy(userW.get_data_handle(), ow.data.data(), ow.data.size() * sizeof(float));
    projW = LstmGroup::reorderTo(eng, strm, userW, pd.weights_desc());
    projB = memory(bDesc, eng);
    const Tensor &ob = need(ts, "out.bias", {V});
    std::memcpy(projB.get_data_handle(), ob.data.data(), ob.data.size() * sizeof(float));

    size_t state = (size_t)L * B * H;
    encX.resize((size_t)T * B * E);
    for (auto &y : encY)
      y.resize((size_t)T * B * H);
    for (int i = 0; i < 2; ++i) {
      h[i].resize(state);
      c[i].resize(state);
      decY[i].resize((size_t)B * H);
    }
    decX.resize((size_t)B * Din);
    logits.resize((size_t)B * V);
    ctx.resize((size_t)B * H);
    prev.resize(B);

    // Encoder: group k reads encX (k = 0) or the previous group's output and
    // writes the final states of its layers into decoder state buffer 0.
    for (size_t k = 0; k < enc.size(); ++k)
      encArgs.push_back(enc[k]->args(eng, k ? encY[(k - 1) % 2].data() : encX.data(),
                                     encY[k % 2].data(), nullptr, nullptr, h[0].data(),
                                     c[0].data(), (size_t)B * H));
    // Decoder step s reads state s % 2 and writes state (s + 1) % 2.
    for (int par = 0; par < 2; ++par)
      for (size_t k = 0; k < dec.size(); ++k)
        decArgs[par].push_back(dec[k]->args(eng, k ? decY[(k - 1) % 2].data() : decX.data(),
                                            decY[k % 2].data(), h[par].data(), c[par].data(),
                                            h[1 - par].data(), c[1 - par].data(),
                                            (size_t)B * H));
    float *top = decY[(dec.size() - 1) % 2].data();
    projSrc = memory(src, eng, top);
    projDst = memory(dst, eng, logits.data());
  }

  /// src: [B][T] row-major; out: [B][steps].
  void translate(const std::vector<int32_t> &src, std::vector<int32_t> &out) {
    for (int t = 0; t < T; ++t)
      for (int b = 0; b < B; ++b)
        std::memcpy(&encX[((size_t)t * B + b) * E], &srcEmbed[(size_t)src[(size_t)b * T + t] * E],
                    E * sizeof(float));
    for (size_t k = 0; k < enc.size(); ++k)
      enc[k]->prim.execute(strm, encArgs[k]);
    strm.wait();
    if (w.peek) { // C = the top layer's final h; fixed for the whole decode
      std::memcpy(ctx.data(), &h[0][(size_t)(L - 1) * B * H], (size_t)B * H * sizeof(float));
      for (int b = 0; b < B; ++b)
        std::memcpy(&decX[(size_t)b * Din + E], &ctx[(size_t)b * H], H * sizeof(float));
    }
    std::fill(prev.begin(), prev.end(), w.bos);
    std::unordered_map<int, memory> projArgs{{DNNL_ARG_SRC, projSrc},
                                             {DNNL_ARG_WEIGHTS, projW},
                                             {DNNL_ARG_BIAS, projB},
                                             {DNNL_ARG_DST, projDst}};
    for (int s = 0; s < w.steps; ++s) {
      for (int b = 0; b < B; ++b)
        std::memcpy(&decX[(size_t)b * Din], &tgtEmbed[(size_t)prev[b] * E], E * sizeof(float));
      for (size_t k = 0; k < dec.size(); ++k)
        dec[k]->prim.execute(strm, decArgs[s % 2][k]);
      proj.execute(strm, projArgs);
      strm.wait();
      for (int b = 0; b < B; ++b) {
        const float *row = &logits[(size_t)b * V];
        int best = 0;
        for (int v = 1; v < V; ++v)
          if (row[v] > row[best])
            best = v;
        prev[b] = best;
        out[(size_t)b * w.steps + s] = best;
      }
    }
  }
};

} // namespace

int main(int argc, char **argv) {
  bench::Options o = bench::parseArgs(argc, argv);
  bench::Workload w = bench::readWorkload(o.dir);
  try {
    Model m(w);
    std::vector<int32_t> src = bench::makeSource(w), out((size_t)w.batch * w.steps);
    double ms = bench::medianMs(o, [&] { m.translate(src, out); });
    bench::printResult("onednn", w, o, ms, out);
  } catch (const dnnl::error &e) {
    die(std::string("oneDNN: ") + e.what() + " (status " + std::to_string((int)e.status) + ")");
  }
  return 0;
}
