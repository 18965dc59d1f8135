//===- Reference.h - Double-precision seq2seq reference ---------*- C++ -*-===//
///
/// A naive double-precision implementation of the model semantics in
/// SEMANTICS.md (sections 1-5: greedy and beam search, the bidirectional
/// encoder, attention), written from that document alone and sharing no
/// code with the compiler. The numerical tests compare
/// compiled models against it. Plain C++17, no LLVM.
///
/// Covered: token and vector sources and targets, stacked LSTM encoder and
/// decoder, per-sequence source lengths, the three gate activations,
/// peek none/concat/add, first_input bos/context/zeros, init_state
/// encoder/top/zeros, optional context projection, greedy search, beam
/// search with its length penalties, bidirectional encoders (2b), Luong
/// (dot, general, concat; input feeding) and Bahdanau attention (5).
///
//===----------------------------------------------------------------------===//
#ifndef S2S_TEST_NUMERICAL_REFERENCE_H
#define S2S_TEST_NUMERICAL_REFERENCE_H

#include <cstdint>
#include <string>
#include <vector>

namespace s2sref {

enum class Gate { Sigmoid, HardSigmoid, HardSigmoidV3 };
enum class Peek { None, Concat, Add };
enum class FirstInput { Bos, Context, Zeros };
enum class InitState { Encoder, Top, Zeros };
enum class Activation { Linear, Tanh };

/// One LSTM layer in canonical form: gates i, f, g, o; row-major
/// W_ih [4H, in], W_hh [4H, H]. The bias is kept as the two PyTorch halves
/// (b = bIh + bHh, summed in double) so a file that stores them apart and
/// the reference use exactly the same numbers.
struct LstmLayer {
  int in = 0, hidden = 0;
  std::vector<double> wIh, wHh, bIh, bHh;
};

/// y = W x + b with W row-major [out, in].
struct Dense {
  int in = 0, out = 0;
  std::vector<double> w, b;
  bool present() const { return out > 0; }
};

/// Length penalties of beam search (SEMANTICS.md 4).
enum class LengthPenalty { None, Avg, Gnmt };

enum class AttentionType { None, Luong, Bahdanau };
enum class AttentionScore { Dot, General, Concat };

/// Attention over the encoder's memory (SEMANTICS.md 5). H_m: the memory
/// size (Model::memorySize), A: `size`.
struct Attention {
  AttentionType type = AttentionType::None;
  AttentionScore score = AttentionScore::General; // Luong only
  int size = 0;                                   // A: luong concat, bahdanau
  bool inputFeed = true;                          // Luong only
  Dense general;                                  // luong general: W_g [H_m, H_dec], b zero
  Dense query, key;      // W_q [A, H_dec] + b_q, W_k [A, H_m] + b_k (zero for luong)
  std::vector<double> v; // [A]
  Dense output;          // luong: W_c [H_dec, H_m + H_dec] + b_c
  bool present() const { return type != AttentionType::None; }
};

struct Model {
  std::string name = "model";

  // Source.
  bool srcTokens = true;
  int srcVocab = 0, srcEmbed = 0;   // tokens
  int srcDim = 0;                   // vectors
  std::vector<double> srcEmbedding; // [srcVocab, srcEmbed]

  // Target.
  bool tgtTokens = true;
  int tgtVocab = 0, tgtEmbed = 0, bos = 0, eos = 0; // tokens
  int tgtDim = 0;                                   // vectors
  Activation activation = Activation::Linear;       // vectors
  std::vector<double> tgtEmbedding;                 // [tgtVocab, tgtEmbed]

  // Encoder and decoder stacks; a bidirectional encoder has per layer a
  // backward LSTM too (encoderReverse), reading the layer's input in
  // reverse.
  Gate encGate = Gate::Sigmoid, decGate = Gate::Sigmoid;
  std::vector<LstmLayer> encoder, decoder;
  bool bidirectional = false;
  std::vector<LstmLayer> encoderReverse;
  Attention attention;
  Peek peek = Peek::None;
  FirstInput firstInput = FirstInput::Bos;
  InitState initState = InitState::Encoder;
  Dense contextProjection; // optional: encoder hidden -> n
  Dense output;            // [V, H] (tokens) or [dim, H] (vectors)

  int maxLength = 0; // tokens: bound on steps; vectors: output steps
  // Search (the spec's; the reference functions take theirs as arguments):
  // beam when beamWidth > 0, else greedy.
  int beamWidth = 0;
  LengthPenalty lengthPenalty = LengthPenalty::None;
  double alpha = 1.0;

  int encHidden() const { return encoder.empty() ? 0 : encoder[0].hidden; }
  /// An encoder layer's output size: H, or 2H when bidirectional; the
  /// attention memory's H_m and the final state's size.
  int memorySize() const { return bidirectional ? 2 * encHidden() : encHidden(); }
  int decHidden() const { return decoder.empty() ? 0 : decoder[0].hidden; }
  /// Size of the context vector C after the optional projection.
  int contextSize() const;
  /// Size of the fed-back y_t (target embedding or target dim).
  int feedbackSize() const { return tgtTokens ? tgtEmbed : tgtDim; }
  /// Input size of decoder layer 0 implied by peek, input feeding and
  /// Bahdanau's context.
  int decoderInputSize() const;
  /// Input size of encoder layer 0.
  int encoderInputSize() const { return srcTokens ? srcEmbed : srcDim; }
};

/// Empty when the model is consistent; otherwise what is wrong. Also checks
/// every weight array has the size its shape implies.
std::string validate(const Model &m);

/// Encoder result for one sequence.
struct EncoderState {
  std::vector<std::vector<double>> h, c; // per layer, final state ([h→ ; h←])
  std::vector<double> context;           // C (after projection if any)
  std::vector<std::vector<double>> memory; // the top layer's output per step
};

/// Runs the encoder over the first `len` steps of one sequence. Token
/// sources pass `tokens` (ids must be valid), vector sources `vectors`
/// ([len][srcDim]).
EncoderState encode(const Model &m, const int32_t *tokens, const float *vectors,
                    int len);

/// Result of greedy decoding of one sequence.
struct TokenResult {
  std::vector<int> tokens;                 // out_len entries, EOS included
  std::vector<std::vector<double>> logits; // one row of V per emitted token
};

/// Greedy decode for a token target: at most min(maxLength, maxOut) steps,
/// stopping after EOS.
TokenResult translateTokens(const Model &m, const int32_t *tokens, int len,
                            int maxOut);

/// Vector source and target ([len][srcDim] in, [steps][tgtDim] out) for
/// `steps` = model.maxLength unless given.
std::vector<std::vector<double>>
translateVectors(const Model &m, const float *vectors, int len, int steps = -1);

/// Token source with vector target, or vector source with token target.
TokenResult translateVectorsToTokens(const Model &m, const float *vectors,
                                     int len, int maxOut);
std::vector<std::vector<double>> translateTokensToVectors(const Model &m,
                                                          const int32_t *tokens,
                                                          int len,
                                                          int steps = -1);

/// lp(L): none = 1, avg = L^alpha, gnmt = ((5 + L) / 6)^alpha.
double lengthPenalty(LengthPenalty lp, double alpha, int length);
/// Natural-log softmax, max-subtracted.
std::vector<double> logSoftmax(const std::vector<double> &logits);

/// One finished hypothesis of beam search.
struct Hypothesis {
  std::vector<int> tokens; // L entries, EOS included when emitted
  double score = 0;        // S: the sum of its tokens' log-probabilities
  double rankScore = 0;    // S / lp(L)
  int finishStep = 0;      // the step it entered the finished set
  int stepRank = 0;        // its rank in that step's sorted candidates
};

/// Beam search of width K for a token target (SEMANTICS.md 4) over the
/// encoder result `enc`: min(maxLength, maxOut) steps at most; the finished
/// set ranked, its first `nBest`.
std::vector<Hypothesis> beamSearch(const Model &m, const EncoderState &enc, int K, LengthPenalty lp,
                                   double alpha, int maxOut, int nBest);

/// S of one token sequence fed to the decoder (its log-probabilities
/// summed), computed step by step: what beam search's scores must equal.
double sequenceScore(const Model &m, const EncoderState &enc, const std::vector<int> &tokens);

/// argmax, lowest index on ties.
int argmax(const std::vector<double> &v);
/// Top-1 minus top-2 (0 for a tie; +inf for a single entry).
double topMargin(const std::vector<double> &v);

double gateFn(Gate g, double x);

/// Softmax over the scores `e` and the weighted sum of `memory` (one row
/// per valid step): ctx = sum_j alpha_j m_j.
std::vector<double> attentionContext(const std::vector<double> &e,
                                     const std::vector<std::vector<double>> &memory);
/// Luong attention after a step with top h `h`: returns h~ (SEMANTICS.md 5).
std::vector<double> luongOutput(const Model &m, const std::vector<double> &h,
                                const std::vector<std::vector<double>> &memory);
/// Bahdanau's context for the query `q` (the previous top h).
std::vector<double> bahdanauContext(const Model &m, const std::vector<double> &q,
                                    const std::vector<std::vector<double>> &memory);

/// One LSTM step in place: (h, c) <- cell(x, h, c).
void lstmStep(const LstmLayer &layer, Gate gate, const double *x,
              std::vector<double> &h, std::vector<double> &c);

} // namespace s2sref

#endif // S2S_TEST_NUMERICAL_REFERENCE_H
