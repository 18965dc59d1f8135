//===- Reference.cpp - Double-precision seq2seq reference -------*- C++ -*-===//
///
/// Straight-line loops over the equations of SEMANTICS.md, in double, one
/// sequence at a time: a sequence of length `len` simply runs `len` encoder
/// steps, which is what "padded steps change nothing" means. Clarity over
/// speed everywhere; the models under test are small.
///
//===----------------------------------------------------------------------===//

#include "Reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

using namespace s2sref;

int Model::contextSize() const {
  return contextProjection.present() ? contextProjection.out : memorySize();
}

int Model::decoderInputSize() const {
  int u = peek == Peek::Concat ? feedbackSize() + contextSize() : feedbackSize();
  if (attention.type == AttentionType::Luong && attention.inputFeed)
    u += decHidden(); // [u_t ; h~_{t-1}]
  if (attention.type == AttentionType::Bahdanau)
    u += memorySize(); // [u_t ; ctx_t]
  return u;
}

double s2sref::gateFn(Gate g, double x) {
  switch (g) {
  case Gate::Sigmoid:
    return 1.0 / (1.0 + std::exp(-x));
  case Gate::HardSigmoid:
    return std::min(1.0, std::max(0.0, 0.2 * x + 0.5));
  case Gate::HardSigmoidV3:
    return std::min(1.0, std::max(0.0, x / 6.0 + 0.5));
  }
  return 0;
}

void s2sref::lstmStep(const LstmLayer &L, Gate gate, const double *x,
                      std::vector<double> &h, std::vector<double> &c) {
  const int H = L.hidden, I = L.in;
  // z = W_ih x + W_hh h + (b_ih + b_hh), rows in gate order i, f, g, o.
  std::vector<double> z(4 * H);
  for (int r = 0; r < 4 * H; ++r) {
    double s = L.bIh[r] + L.bHh[r];
    for (int k = 0; k < I; ++k)
      s += L.wIh[size_t(r) * I + k] * x[k];
    for (int k = 0; k < H; ++k)
      s += L.wHh[size_t(r) * H + k] * h[k];
    z[r] = s;
  }
  for (int j = 0; j < H; ++j) {
    double i = gateFn(gate, z[j]);
    double f = gateFn(gate, z[H + j]);
    double g = std::tanh(z[2 * H + j]);
    double o = gateFn(gate, z[3 * H + j]);
    c[j] = f * c[j] + i * g;
    h[j] = o * std::tanh(c[j]);
  }
}

static std::vector<double> applyDense(const Dense &d, const double *x) {
  std::vector<double> y(d.out);
  for (int r = 0; r < d.out; ++r) {
    double s = d.b[r];
    for (int k = 0; k < d.in; ++k)
      s += d.w[size_t(r) * d.in + k] * x[k];
    y[r] = s;
  }
  return y;
}

int s2sref::argmax(const std::vector<double> &v) {
  int best = 0;
  for (int i = 1; i < int(v.size()); ++i)
    if (v[i] > v[best]) // strict: the lowest index wins a tie
      best = i;
  return best;
}

double s2sref::topMargin(const std::vector<double> &v) {
  if (v.size() < 2)
    return std::numeric_limits<double>::infinity();
  double a = -std::numeric_limits<double>::infinity(), b = a;
  for (double x : v) {
    if (x > a) {
      b = a;
      a = x;
    } else if (x > b) {
      b = x;
    }
  }
  return a - b;
}

static std::string checkLayer(const LstmLayer &L, const std::string &what) {
  size_t H = L.hidden, I = L.in;
  if (L.hidden <= 0 || L.in <= 0)
    return what + ": sizes must be positive";
  if (L.wIh.size() != 4 * H * I || L.wHh.size() != 4 * H * H ||
      L.bIh.size() != 4 * H || L.bHh.size() != 4 * H)
    return what + ": weight sizes do not match in=" + std::to_string(I) +
           " hidden=" + std::to_string(H);
  return "";
}

static std::string checkDense(const Dense &d, const std::string &what) {
  if (d.w.size() != size_t(d.out) * d.in || d.b.size() != size_t(d.out))
    return what + ": weight sizes do not match";
  return "";
}

static std::string validateAttention(const Model &m) {
  const Attention &a = m.attention;
  if (!a.present())
    return "";
  const int hm = m.memorySize(), hd = m.decHidden();
  auto shaped = [](const Dense &d, int out, int in, const char *what) -> std::string {
    if (d.out != out || d.in != in)
      return std::string("attention ") + what + ": shape mismatch";
    return checkDense(d, std::string("attention ") + what);
  };
  bool additive = a.type == AttentionType::Bahdanau || a.score == AttentionScore::Concat;
  if (additive) {
    if (a.size <= 0 || a.v.size() != size_t(a.size))
      return "additive attention needs size A > 0 and v [A]";
    for (std::string e : {shaped(a.query, a.size, hd, "query"), shaped(a.key, a.size, hm, "key")})
      if (!e.empty())
        return e;
  }
  if (a.type == AttentionType::Bahdanau)
    return ""; // input_feed is Luong's: not read

  if (a.score == AttentionScore::Dot && hd != hm)
    return "dot attention needs H_dec = H_m";
  if (a.score == AttentionScore::General) {
    std::string e = shaped(a.general, hm, hd, "general");
    if (!e.empty())
      return e;
  }
  return shaped(a.output, hd, hm + hd, "output");
}

std::string s2sref::validate(const Model &m) {
  if (m.encoder.empty() || m.decoder.empty())
    return "encoder and decoder need at least one layer";
  if (m.srcTokens && (m.srcVocab <= 0 || m.srcEmbed <= 0 ||
                      m.srcEmbedding.size() != size_t(m.srcVocab) * m.srcEmbed))
    return "source embedding size mismatch";
  if (!m.srcTokens && m.srcDim <= 0)
    return "source dim must be positive";
  if (m.tgtTokens) {
    if (m.tgtVocab <= 0 || m.tgtEmbed <= 0 ||
        m.tgtEmbedding.size() != size_t(m.tgtVocab) * m.tgtEmbed)
      return "target embedding size mismatch";
    if (m.bos < 0 || m.bos >= m.tgtVocab || m.eos < 0 || m.eos >= m.tgtVocab)
      return "bos/eos outside the target vocabulary";
  } else if (m.tgtDim <= 0) {
    return "target dim must be positive";
  }
  if (m.bidirectional != !m.encoderReverse.empty() ||
      (m.bidirectional && m.encoderReverse.size() != m.encoder.size()))
    return "a bidirectional encoder needs a backward LSTM per layer, others none";
  for (size_t l = 0; l < m.encoder.size(); ++l) {
    for (const LstmLayer *layer :
         {&m.encoder[l], m.bidirectional ? &m.encoderReverse[l] : nullptr}) {
      if (!layer)
        continue;
      std::string e = checkLayer(*layer, "encoder layer " + std::to_string(l));
      if (!e.empty())
        return e;
      int want = l == 0 ? m.encoderInputSize() : m.memorySize();
      if (layer->in != want || layer->hidden != m.encHidden())
        return "encoder layer " + std::to_string(l) + ": wrong input size";
    }
  }
  for (size_t l = 0; l < m.decoder.size(); ++l) {
    std::string e =
        checkLayer(m.decoder[l], "decoder layer " + std::to_string(l));
    if (!e.empty())
      return e;
    int want = l == 0 ? m.decoderInputSize() : m.decoder[l - 1].hidden;
    if (m.decoder[l].in != want || m.decoder[l].hidden != m.decHidden())
      return "decoder layer " + std::to_string(l) + ": wrong input size";
  }
  if (m.contextProjection.present()) {
    if (m.contextProjection.in != m.memorySize())
      return "context projection input must be the encoder hidden size";
    std::string e = checkDense(m.contextProjection, "context projection");
    if (!e.empty())
      return e;
  }
  if (m.output.in != m.decHidden() ||
      m.output.out != (m.tgtTokens ? m.tgtVocab : m.tgtDim))
    return "output projection shape mismatch";
  std::string e = checkDense(m.output, "output");
  if (!e.empty())
    return e;
  if (m.initState == InitState::Encoder &&
      (m.encoder.size() != m.decoder.size() || m.memorySize() != m.decHidden()))
    return "init_state encoder needs equal layer counts and hidden sizes (2H: bidirectional)";
  if (m.initState == InitState::Top && m.memorySize() != m.decHidden())
    return "init_state top needs equal hidden sizes (2H: bidirectional)";
  std::string attention = validateAttention(m);
  if (!attention.empty())
    return attention;
  if (m.firstInput == FirstInput::Bos && !m.tgtTokens)
    return "first_input bos needs a token target";
  if (m.firstInput == FirstInput::Context &&
      m.contextSize() != m.feedbackSize())
    return "first_input context needs the context size to equal the "
           "feedback size";
  if (m.peek == Peek::Add && m.contextSize() != m.feedbackSize())
    return "peek add needs the context size to equal the feedback size";
  if (m.maxLength < 1)
    return "max_length must be positive";
  return "";
}

EncoderState s2sref::encode(const Model &m, const int32_t *tokens,
                            const float *vectors, int len) {
  // Layer by layer over the whole sequence: layer l+1 reads layer l's
  // output at every step (forward and, bidirectional, backward).
  std::vector<std::vector<double>> xs;
  for (int t = 0; t < len; ++t) {
    if (m.srcTokens) {
      int tok = tokens[t];
      assert(tok >= 0 && tok < m.srcVocab && "invalid source token");
      xs.emplace_back(m.srcEmbedding.begin() + size_t(tok) * m.srcEmbed,
                      m.srcEmbedding.begin() + size_t(tok + 1) * m.srcEmbed);
    } else {
      xs.emplace_back(vectors + size_t(t) * m.srcDim, vectors + size_t(t + 1) * m.srcDim);
    }
  }
  const int H = m.encHidden();
  EncoderState st;
  for (size_t l = 0; l < m.encoder.size(); ++l) {
    std::vector<double> h(H, 0.0), c(H, 0.0);
    std::vector<std::vector<double>> out(len);
    for (int t = 0; t < len; ++t) {
      lstmStep(m.encoder[l], m.encGate, xs[t].data(), h, c);
      out[t] = h;
    }
    std::vector<double> finalH = h, finalC = c;
    if (m.bidirectional) {
      // Backward over the row's own steps T_b .. 1, from zero; its final
      // state is the one after step 1.
      std::vector<double> hb(H, 0.0), cb(H, 0.0);
      for (int t = len - 1; t >= 0; --t) {
        lstmStep(m.encoderReverse[l], m.encGate, xs[t].data(), hb, cb);
        out[t].insert(out[t].end(), hb.begin(), hb.end());
      }
      finalH.insert(finalH.end(), hb.begin(), hb.end());
      finalC.insert(finalC.end(), cb.begin(), cb.end());
    }
    st.h.push_back(finalH);
    st.c.push_back(finalC);
    xs = std::move(out);
  }
  st.memory = std::move(xs);
  st.context = st.h.back();
  if (m.contextProjection.present())
    st.context = applyDense(m.contextProjection, st.context.data());
  return st;
}

std::vector<double> s2sref::attentionContext(const std::vector<double> &e,
                                             const std::vector<std::vector<double>> &memory) {
  assert(!memory.empty() && e.size() == memory.size());
  double mx = *std::max_element(e.begin(), e.end()), sum = 0;
  std::vector<double> alpha(e.size());
  for (size_t j = 0; j < e.size(); ++j)
    sum += alpha[j] = std::exp(e[j] - mx);
  std::vector<double> ctx(memory[0].size(), 0.0);
  for (size_t j = 0; j < e.size(); ++j)
    for (size_t k = 0; k < ctx.size(); ++k)
      ctx[k] += alpha[j] / sum * memory[j][k];
  return ctx;
}

/// v^T tanh(W_q q + b_q + W_k m_j + b_k) for every j.
static std::vector<double> additiveScores(const Attention &a, const std::vector<double> &q,
                                          const std::vector<std::vector<double>> &memory) {
  std::vector<double> wq = applyDense(a.query, q.data()), e;
  for (const std::vector<double> &mj : memory) {
    std::vector<double> wk = applyDense(a.key, mj.data());
    double s = 0;
    for (int i = 0; i < a.size; ++i)
      s += a.v[i] * std::tanh(wq[i] + wk[i]);
    e.push_back(s);
  }
  return e;
}

std::vector<double> s2sref::luongOutput(const Model &m, const std::vector<double> &h,
                                        const std::vector<std::vector<double>> &memory) {
  const Attention &a = m.attention;
  std::vector<double> e;
  if (a.score == AttentionScore::Concat) {
    e = additiveScores(a, h, memory);
  } else {
    std::vector<double> q =
        a.score == AttentionScore::General ? applyDense(a.general, h.data()) : h;
    for (const std::vector<double> &mj : memory) {
      double s = 0;
      for (size_t k = 0; k < q.size(); ++k)
        s += q[k] * mj[k];
      e.push_back(s);
    }
  }
  std::vector<double> both = attentionContext(e, memory); // [ctx ; h]
  both.insert(both.end(), h.begin(), h.end());
  std::vector<double> out = applyDense(a.output, both.data());
  for (double &v : out)
    v = std::tanh(v);
  return out;
}

std::vector<double> s2sref::bahdanauContext(const Model &m, const std::vector<double> &q,
                                            const std::vector<std::vector<double>> &memory) {
  return attentionContext(additiveScores(m.attention, q, memory), memory);
}

namespace {

/// The decoder recurrence shared by token and vector targets: the caller
/// turns the top h into an output and the next feedback y.
class Decoder {
public:
  Decoder(const Model &m, const EncoderState &enc)
      : m(m), ctx(enc.context), memory(enc.memory), feed(m.decHidden(), 0.0) {
    const size_t L = m.decoder.size();
    const int H = m.decHidden();
    h.assign(L, std::vector<double>(H, 0.0));
    c.assign(L, std::vector<double>(H, 0.0));
    for (size_t l = 0; l < L; ++l) {
      if (m.initState == InitState::Encoder) {
        h[l] = enc.h[l];
        c[l] = enc.c[l];
      } else if (m.initState == InitState::Top) {
        h[l] = enc.h.back();
        c[l] = enc.c.back();
      }
    }
  }

  /// The feedback-sized part of u_0 (`first`).
  std::vector<double> first() const {
    switch (m.firstInput) {
    case FirstInput::Bos:
      return std::vector<double>(
          m.tgtEmbedding.begin() + size_t(m.bos) * m.tgtEmbed,
          m.tgtEmbedding.begin() + size_t(m.bos + 1) * m.tgtEmbed);
    case FirstInput::Context:
      return ctx;
    case FirstInput::Zeros:
      break;
    }
    return std::vector<double>(m.feedbackSize(), 0.0);
  }

  /// One step with feedback part `y` (first() at t = 0); returns what the
  /// output layer reads: the top h, or with Luong attention h~.
  const std::vector<double> &step(const std::vector<double> &y) {
    std::vector<double> u = y;
    if (m.peek == Peek::Concat)
      u.insert(u.end(), ctx.begin(), ctx.end());
    else if (m.peek == Peek::Add)
      for (size_t k = 0; k < u.size(); ++k)
        u[k] += ctx[k];
    const AttentionType type = m.attention.type;
    if (type == AttentionType::Bahdanau) {
      // Query: the top h of the previous state (of s_0 at t = 0).
      std::vector<double> attended = bahdanauContext(m, h.back(), memory);
      u.insert(u.end(), attended.begin(), attended.end());
    } else if (type == AttentionType::Luong && m.attention.inputFeed) {
      u.insert(u.end(), feed.begin(), feed.end()); // h~_{t-1}, zero at t = 0
    }
    for (size_t l = 0; l < m.decoder.size(); ++l) {
      lstmStep(m.decoder[l], m.decGate, u.data(), h[l], c[l]);
      u = h[l];
    }
    if (type != AttentionType::Luong)
      return h.back();
    feed = luongOutput(m, h.back(), memory);
    return feed;
  }

private:
  const Model &m;
  std::vector<double> ctx;
  std::vector<std::vector<double>> memory;
  std::vector<double> feed; // Luong: h~ of the last step
  std::vector<std::vector<double>> h, c;
};

TokenResult decodeTokens(const Model &m, const EncoderState &enc, int maxOut) {
  TokenResult r;
  Decoder dec(m, enc);
  std::vector<double> y = dec.first();
  const int steps = std::min(m.maxLength, maxOut);
  for (int t = 0; t < steps; ++t) {
    const std::vector<double> &top = dec.step(y);
    std::vector<double> logits = applyDense(m.output, top.data());
    int tok = argmax(logits);
    r.tokens.push_back(tok);
    r.logits.push_back(std::move(logits));
    if (tok == m.eos)
      break;
    y.assign(m.tgtEmbedding.begin() + size_t(tok) * m.tgtEmbed,
             m.tgtEmbedding.begin() + size_t(tok + 1) * m.tgtEmbed);
  }
  return r;
}

std::vector<std::vector<double>>
decodeVectors(const Model &m, const EncoderState &enc, int steps) {
  std::vector<std::vector<double>> out;
  Decoder dec(m, enc);
  std::vector<double> y = dec.first();
  for (int t = 0; t < steps; ++t) {
    const std::vector<double> &top = dec.step(y);
    y = applyDense(m.output, top.data());
    if (m.activation == Activation::Tanh)
      for (double &v : y)
        v = std::tanh(v);
    out.push_back(y);
  }
  return out;
}

/// The embedding of target token `tok`: the next step's feedback.
std::vector<double> targetEmbedding(const Model &m, int tok) {
  return std::vector<double>(m.tgtEmbedding.begin() + size_t(tok) * m.tgtEmbed,
                             m.tgtEmbedding.begin() + size_t(tok + 1) * m.tgtEmbed);
}

} // namespace

double s2sref::lengthPenalty(LengthPenalty lp, double alpha, int length) {
  switch (lp) {
  case LengthPenalty::None:
    return 1.0;
  case LengthPenalty::Avg:
    return std::pow(double(length), alpha);
  case LengthPenalty::Gnmt:
    return std::pow((5.0 + length) / 6.0, alpha);
  }
  return 1.0;
}

std::vector<double> s2sref::logSoftmax(const std::vector<double> &logits) {
  double top = *std::max_element(logits.begin(), logits.end());
  double sum = 0;
  for (double x : logits)
    sum += std::exp(x - top);
  double logSum = top + std::log(sum);
  std::vector<double> out;
  for (double x : logits)
    out.push_back(x - logSum);
  return out;
}

std::vector<Hypothesis> s2sref::beamSearch(const Model &m, const EncoderState &enc, int K,
                                           LengthPenalty lp, double alpha, int maxOut, int nBest) {
  assert(m.tgtTokens && K >= 1 && nBest >= 1 && nBest <= K);
  // 1. One live hypothesis: the initial state and first input, S = 0.
  struct Live {
    Decoder dec;
    std::vector<double> y;
    std::vector<int> tokens;
    double score;
    int rank; // in the sorted candidates of the step that made it
  };
  std::vector<Live> live;
  Decoder start(m, enc);
  live.push_back({start, start.first(), {}, 0.0, 0});
  std::vector<Hypothesis> finished;
  const int steps = std::min(m.maxLength, maxOut);
  const int V = m.tgtVocab;
  bool full = false;
  for (int t = 1; t <= steps && !full && !live.empty(); ++t) {
    // 2. Every live hypothesis runs one step; candidates (b, v).
    std::vector<Decoder> stepped;
    std::vector<std::vector<double>> logProbs;
    for (Live &b : live) {
      stepped.push_back(b.dec);
      const std::vector<double> &top = stepped.back().step(b.y);
      logProbs.push_back(logSoftmax(applyDense(m.output, top.data())));
    }
    struct Candidate {
      double score;
      int flat; // b * V + v
    };
    std::vector<Candidate> candidates;
    for (size_t b = 0; b < live.size(); ++b)
      for (int v = 0; v < V; ++v)
        candidates.push_back({live[b].score + logProbs[b][v], int(b) * V + v});
    std::sort(candidates.begin(), candidates.end(), [](const Candidate &x, const Candidate &y) {
      return x.score != y.score ? x.score > y.score : x.flat < y.flat;
    });
    std::vector<Live> next;
    for (int rank = 0; rank < int(candidates.size()) && int(next.size()) < K; ++rank) {
      const Candidate &c = candidates[rank];
      int b = c.flat / V, v = c.flat % V;
      std::vector<int> tokens = live[b].tokens;
      tokens.push_back(v);
      if (v == m.eos) {
        // EOS among the first K finishes; past rank K it is dropped.
        if (rank < K)
          finished.push_back({tokens, c.score, 0.0, t, rank});
        continue;
      }
      next.push_back({stepped[b], targetEmbedding(m, v), tokens, c.score, rank});
    }
    live = std::move(next);
    // 3. Enough finished: stop, dropping the live set.
    full = int(finished.size()) >= K;
  }
  if (!full)
    for (const Live &h : live)
      finished.push_back({h.tokens, h.score, 0.0, steps, h.rank});
  // 4. Rank by S / lp(L); ties: earlier finish step, then lower rank.
  for (Hypothesis &h : finished)
    h.rankScore = h.score / lengthPenalty(lp, alpha, int(h.tokens.size()));
  std::stable_sort(finished.begin(), finished.end(), [](const Hypothesis &x, const Hypothesis &y) {
    if (x.rankScore != y.rankScore)
      return x.rankScore > y.rankScore;
    if (x.finishStep != y.finishStep)
      return x.finishStep < y.finishStep;
    return x.stepRank < y.stepRank;
  });
  if (int(finished.size()) > nBest)
    finished.resize(nBest);
  return finished;
}

double s2sref::sequenceScore(const Model &m, const EncoderState &enc,
                             const std::vector<int> &tokens) {
  Decoder dec(m, enc);
  std::vector<double> y = dec.first();
  double score = 0;
  for (int tok : tokens) {
    const std::vector<double> &top = dec.step(y);
    score += logSoftmax(applyDense(m.output, top.data()))[tok];
    y = targetEmbedding(m, tok);
  }
  return score;
}

TokenResult s2sref::translateTokens(const Model &m, const int32_t *tokens,
                                    int len, int maxOut) {
  assert(m.srcTokens && m.tgtTokens);
  return decodeTokens(m, encode(m, tokens, nullptr, len), maxOut);
}

std::vector<std::vector<double>> s2sref::translateVectors(const Model &m,
                                                          const float *vectors,
                                                          int len, int steps) {
  assert(!m.srcTokens && !m.tgtTokens);
  return decodeVectors(m, encode(m, nullptr, vectors, len),
                       steps < 0 ? m.maxLength : steps);
}

TokenResult s2sref::translateVectorsToTokens(const Model &m,
                                             const float *vectors, int len,
                                             int maxOut) {
  assert(!m.srcTokens && m.tgtTokens);
  return decodeTokens(m, encode(m, nullptr, vectors, len), maxOut);
}

std::vector<std::vector<double>>
s2sref::translateTokensToVectors(const Model &m, const int32_t *tokens, int len,
                                 int steps) {
  assert(m.srcTokens && !m.tgtTokens);
  return decodeVectors(m, encode(m, tokens, nullptr, len),
                       steps < 0 ? m.maxLength : steps);
}
