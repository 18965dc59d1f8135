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
/// Build: g++ -O3 -march=native -std=c++17 -I include -I /usr/lib/llvm-14/include
///        bench/onednn_bench.cpp build/lib/libS2SSupport.a -L /usr/lib/llvm-14/lib
///        -lLLVM-14 -ldnnl
/// Run:   onednn_bench DIR [--runs N] [--warmup N] [--threads N]
///
//===----------------------------------------------------------------------===//
#include "bench_common.h"

#include "s2s/Support/Safetensors.h"

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

// Weights: the project's safetensors reader (lib/Support).
using Tensor = s2s::SafetensorsTensor;
using Tensors = std::map<std::string, Tensor>;

Tensors loadSafetensors(const std::string &path) {
  auto file = s2s::readSafetensors(path);
  if (!file)
    die(llvm::toString(file.takeError()));
  return std::move(file->tensors);
}

const Tensor &need(const Tensors &ts, const std::string &name,
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

  LstmGroup(const dnnl::engine &eng, dnnl::stream &strm, const Tensors &ts,
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
makeStack(const dnnl::engine &eng, dnnl::stream &strm, const Tensors &ts,
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
