/*===- step_runner.c - The step-wise API against the model's own search ---===*\
 *
 * Built by TestStepwise as runner.c is (-include DIR/NAME.h -DMODEL=NAME),
 * with the model's kind as macros: SRC_VECTORS / SRC_DIM, TGT_VECTORS /
 * TGT_DIM or VOCAB / EOS, MAX_LENGTH, and for beam models BEAM (K), LP
 * (0 none, 1 avg, 2 gnmt) and ALPHA. OTHER names a second model linked in
 * (its header included too), whose states this model must refuse.
 *
 * `step_runner IN OUT`: IN is text, "batch max_src_len max_out n_best", then
 * batch * max_src_len source ids (or * SRC_DIM floats) and batch lengths.
 * The search the model compiles is written here with the step-wise API and
 * compared with the model's own call on the same sources:
 *
 * - greedy token models: a loop of NAME_decode_step taking the first best
 *   token, the ended rows dropped from the state by NAME_state_select
 *   (rows move), against NAME_translate: tokens, lengths, and every step's
 *   logits bit for bit;
 * - vector models: a loop of NAME_decode_step_vectors feeding each output
 *   back, against NAME_translate_vectors bit for bit;
 * - beam models: SEMANTICS.md 4's beam search over K·B state rows with
 *   NAME_state_select as the back-pointer gather, against
 *   NAME_translate_nbest: tokens and lengths exactly, scores within 1e-4
 *   (relative; at least absolute 1e-4).
 *
 * OUT gets a line per mismatch ("MISMATCH ..."), then "compared N". With a
 * third argument `errors`, OUT instead gets one line per call the checks
 * must refuse: its status and NAME_last_error's message ("null" first for
 * a NULL state_create), in the order TestStepwise lists them.
 *
\*===----------------------------------------------------------------------===*/

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S2S_CAT2(a, b) a##b
#define S2S_CAT(a, b) S2S_CAT2(a, b)
#define FN(suffix) S2S_CAT(MODEL, suffix)
#define TYPE(suffix) S2S_CAT(MODEL, suffix)

#ifdef SRC_VECTORS
typedef float src_t;
#define SRC_ROW SRC_DIM
#else
typedef int32_t src_t;
#define SRC_ROW 1
#endif

#ifdef TGT_VECTORS
#define DECODE_STEP FN(_decode_step_vectors)
#else
#define DECODE_STEP FN(_decode_step)
#endif

static FILE *out;
static long compared, mismatches;

static void *alloc(size_t bytes) {
  void *p = calloc(bytes ? bytes : 1, 1);
  if (!p) {
    fprintf(stderr, "step_runner: out of memory\n");
    exit(3);
  }
  return p;
}

static void mismatch(const char *what, int row, int step) {
  if (++mismatches <= 20)
    fprintf(out, "MISMATCH %s (row %d, step %d)\n", what, row, step);
}

static int call(TYPE(_model) * m, int rc, const char *what) {
  if (rc != 0) {
    fprintf(stderr, "step_runner: %s failed: %s\n", what, FN(_last_error)(m));
    exit(4);
  }
  return rc;
}

static int32_t batch, maxSrcLen, maxOut, nBest;
static src_t *src;
static int32_t *srcLen;

#if !defined(TGT_VECTORS) && !defined(BEAM)
/* Greedy: decode_step until every row emitted EOS, ended rows selected out. */
static void compareGreedy(TYPE(_model) * m) {
  int32_t *want = alloc(sizeof(int32_t) * batch * maxOut), *wantLen = alloc(sizeof(int32_t) * batch);
  float *wantLogits = alloc(sizeof(float) * batch * maxOut * VOCAB);
  call(m, FN(_translate)(m, src, srcLen, batch, maxSrcLen, want, wantLen, maxOut, wantLogits),
       "translate");
  TYPE(_state) *s = FN(_state_create)(m, batch, maxSrcLen);
  if (!s)
    call(m, 1, "state_create");
  call(m, FN(_encode)(m, s, src, srcLen, batch, maxSrcLen), "encode");
  int32_t *rowOf = alloc(sizeof(int32_t) * batch), *prev = alloc(sizeof(int32_t) * batch);
  int32_t *from = alloc(sizeof(int32_t) * batch), *len = alloc(sizeof(int32_t) * batch);
  float *logits = alloc(sizeof(float) * batch * VOCAB);
  int32_t n = batch, steps = maxOut < MAX_LENGTH ? maxOut : MAX_LENGTH;
  for (int32_t b = 0; b < batch; ++b) {
    rowOf[b] = b;
    len[b] = steps;
  }
  for (int32_t t = 0; t < steps && n > 0; ++t) {
    call(m, FN(_decode_step)(m, s, t ? prev : NULL, n, logits), "decode_step");
    int32_t kept = 0;
    for (int32_t i = 0; i < n; ++i) {
      int32_t b = rowOf[i], best = 0;
      const float *row = logits + (size_t)i * VOCAB;
      for (int32_t v = 1; v < VOCAB; ++v)
        if (row[v] > row[best])
          best = v;
      ++compared;
      if (memcmp(row, wantLogits + ((size_t)b * maxOut + t) * VOCAB, sizeof(float) * VOCAB))
        mismatch("logits differ from NAME_translate's", b, t);
      if (best != want[(size_t)b * maxOut + t])
        mismatch("token differs from NAME_translate's", b, t);
      if (best == EOS) {
        len[b] = t + 1;
        continue;
      }
      from[kept] = i;
      prev[kept] = best;
      rowOf[kept++] = b;
    }
    if (kept > 0 && kept < n)
      call(m, FN(_state_select)(m, s, from, kept), "state_select");
    n = kept;
  }
  for (int32_t b = 0; b < batch; ++b)
    if (len[b] != wantLen[b])
      mismatch("length differs from NAME_translate's", b, len[b]);
  FN(_state_destroy)(s);
  free(want), free(wantLen), free(wantLogits), free(rowOf), free(prev), free(from), free(len);
  free(logits);
}
#endif

#ifdef TGT_VECTORS
/* Vectors: every row every step, each output fed back. */
static void compareVectors(TYPE(_model) * m) {
  float *want = alloc(sizeof(float) * batch * maxOut * TGT_DIM);
  call(m, FN(_translate_vectors)(m, src, srcLen, batch, maxSrcLen, want, maxOut),
       "translate_vectors");
  TYPE(_state) *s = FN(_state_create)(m, batch, maxSrcLen);
  if (!s)
    call(m, 1, "state_create");
  call(m, FN(_encode)(m, s, src, srcLen, batch, maxSrcLen), "encode");
  float *y = alloc(sizeof(float) * batch * TGT_DIM), *prev = alloc(sizeof(float) * batch * TGT_DIM);
  int32_t steps = maxOut < MAX_LENGTH ? maxOut : MAX_LENGTH;
  for (int32_t t = 0; t < steps; ++t) {
    call(m, FN(_decode_step_vectors)(m, s, t ? prev : NULL, batch, y), "decode_step_vectors");
    for (int32_t b = 0; b < batch; ++b) {
      ++compared;
      if (memcmp(y + (size_t)b * TGT_DIM, want + ((size_t)b * maxOut + t) * TGT_DIM,
                 sizeof(float) * TGT_DIM))
        mismatch("output differs from NAME_translate_vectors's", b, t);
    }
    memcpy(prev, y, sizeof(float) * batch * TGT_DIM);
  }
  FN(_state_destroy)(s);
  free(want), free(y), free(prev);
}
#endif

#ifdef BEAM
/* A hypothesis of SEMANTICS.md 4: its score S, tokens, and for a finished
 * one its finish step and rank in that step's candidate list. */
typedef struct {
  double score;
  int32_t len, step, rank, parent, token;
  int32_t *tokens;
} Hyp;

typedef struct {
  double score;
  int32_t hyp, token, flat;
} Cand;

static int byScore(const void *a, const void *b) {
  const Cand *x = a, *y = b;
  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  return x->flat < y->flat ? -1 : x->flat > y->flat;
}

static double lengthPenalty(int32_t len) {
  if (LP == 1)
    return pow(len, ALPHA);
  if (LP == 2)
    return pow((5.0 + len) / 6.0, ALPHA);
  return 1.0;
}

static int byRanking(const void *a, const void *b) {
  const Hyp *x = a, *y = b;
  double sx = x->score / lengthPenalty(x->len), sy = y->score / lengthPenalty(y->len);
  if (sx != sy)
    return sx > sy ? -1 : 1;
  if (x->step != y->step)
    return x->step < y->step ? -1 : 1;
  return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The caller's beam search: K·B rows, the live hypotheses of every
 * sequence not done, in sequence order, selected by back-pointer. */
static void compareBeam(TYPE(_model) * m) {
  const int K = BEAM;
  int32_t *want = alloc(sizeof(int32_t) * batch * nBest * maxOut);
  int32_t *wantLen = alloc(sizeof(int32_t) * batch * nBest);
  float *wantScore = alloc(sizeof(float) * batch * nBest);
  call(m,
       FN(_translate_nbest)(m, src, srcLen, batch, maxSrcLen, nBest, want, wantLen, maxOut,
                            wantScore),
       "translate_nbest");
  TYPE(_state) *s = FN(_state_create)(m, K * batch, maxSrcLen);
  if (!s)
    call(m, 1, "state_create");
  call(m, FN(_encode)(m, s, src, srcLen, batch, maxSrcLen), "encode");
  int32_t steps = maxOut < MAX_LENGTH ? maxOut : MAX_LENGTH;
  Hyp *live = alloc(sizeof(Hyp) * K * batch), *next = alloc(sizeof(Hyp) * K * batch);
  Hyp *fin = alloc(sizeof(Hyp) * 2 * K * batch);
  int32_t *liveN = alloc(sizeof(int32_t) * batch), *finN = alloc(sizeof(int32_t) * batch);
  int32_t *nextN = alloc(sizeof(int32_t) * batch);
  for (int32_t i = 0; i < 2 * K * batch; ++i)
    fin[i].tokens = alloc(sizeof(int32_t) * maxOut);
  for (int32_t i = 0; i < K * batch; ++i) {
    live[i].tokens = alloc(sizeof(int32_t) * maxOut);
    next[i].tokens = alloc(sizeof(int32_t) * maxOut);
  }
  /* Sequence b's hypotheses are live[b*K ..]; the state's rows hold the
   * live ones of the sequences not done, packed in order. */
  for (int32_t b = 0; b < batch; ++b) {
    liveN[b] = 1;
    live[b * K].score = 0;
    live[b * K].len = 0;
  }
  float *logits = alloc(sizeof(float) * K * batch * VOCAB);
  int32_t *prev = alloc(sizeof(int32_t) * K * batch), *from = alloc(sizeof(int32_t) * K * batch);
  Cand *cand = alloc(sizeof(Cand) * K * VOCAB);
  for (int32_t t = 1; t <= steps; ++t) {
    int32_t rows = 0;
    for (int32_t b = 0; b < batch; ++b)
      rows += liveN[b];
    if (rows == 0)
      break;
    call(m, FN(_decode_step)(m, s, t > 1 ? prev : NULL, rows, logits), "decode_step");
    int32_t row = 0, nextRows = 0;
    for (int32_t b = 0; b < batch; ++b) {
      int32_t nc = 0, firstRow = row;
      nextN[b] = 0;
      for (int32_t j = 0; j < liveN[b]; ++j, ++row) {
        const float *l = logits + (size_t)row * VOCAB;
        double mx = l[0], sum = 0;
        for (int32_t v = 1; v < VOCAB; ++v)
          mx = l[v] > mx ? l[v] : mx;
        for (int32_t v = 0; v < VOCAB; ++v)
          sum += exp(l[v] - mx);
        for (int32_t v = 0; v < VOCAB; ++v) {
          Cand c = {live[b * K + j].score + (l[v] - mx - log(sum)), j, v, j * VOCAB + v};
          cand[nc++] = c;
        }
      }
      if (liveN[b] == 0)
        continue;
      qsort(cand, nc, sizeof(Cand), byScore);
      for (int32_t r = 0; r < nc && nextN[b] < K; ++r) {
        const Hyp *parent = &live[b * K + cand[r].hyp];
        Hyp *h = cand[r].token == EOS && r < K ? &fin[b * 2 * K + finN[b]++]
                 : cand[r].token != EOS       ? &next[b * K + nextN[b]++]
                                              : NULL;
        if (!h)
          continue;
        memcpy(h->tokens, parent->tokens, sizeof(int32_t) * parent->len);
        h->tokens[parent->len] = cand[r].token;
        h->len = parent->len + 1;
        h->score = cand[r].score;
        h->step = t;
        h->rank = r;
        h->parent = firstRow + cand[r].hyp;
        h->token = cand[r].token;
      }
      if (finN[b] >= K) {
        nextN[b] = 0; /* done: the live set is dropped */
      } else if (t == steps) {
        /* After the last step the live ones finish too. */
        for (int32_t j = 0; j < nextN[b]; ++j) {
          Hyp *h = &fin[b * 2 * K + finN[b]++], *n = &next[b * K + j];
          int32_t *keep = h->tokens;
          *h = *n;
          h->tokens = keep;
          memcpy(h->tokens, n->tokens, sizeof(int32_t) * n->len);
        }
        nextN[b] = 0;
      }
      for (int32_t j = 0; j < nextN[b]; ++j) {
        from[nextRows] = next[b * K + j].parent;
        prev[nextRows++] = next[b * K + j].token;
      }
    }
    for (int32_t b = 0; b < batch; ++b) {
      for (int32_t j = 0; j < nextN[b]; ++j) {
        Hyp tmp = live[b * K + j];
        live[b * K + j] = next[b * K + j];
        next[b * K + j] = tmp;
      }
      liveN[b] = nextN[b];
    }
    if (nextRows > 0)
      call(m, FN(_state_select)(m, s, from, nextRows), "state_select");
  }
  for (int32_t b = 0; b < batch; ++b) {
    qsort(fin + b * 2 * K, finN[b], sizeof(Hyp), byRanking);
    for (int32_t o = 0; o < nBest; ++o) {
      size_t h = (size_t)b * nBest + o;
      ++compared;
      if (o >= finN[b]) {
        if (wantLen[h] != 0)
          mismatch("NAME_translate_nbest has a hypothesis the caller's search has not", b, o);
        continue;
      }
      const Hyp *got = &fin[b * 2 * K + o];
      if (got->len != wantLen[h] ||
          memcmp(got->tokens, want + h * maxOut, sizeof(int32_t) * got->len))
        mismatch("hypothesis differs from NAME_translate_nbest's", b, o);
      double ranking = got->score / lengthPenalty(got->len);
      double tol = 1e-4 * (fabs(ranking) > 1 ? fabs(ranking) : 1);
      if (fabs(ranking - wantScore[h]) > tol)
        mismatch("score differs from NAME_translate_nbest's", b, o);
    }
  }
  FN(_state_destroy)(s);
}
#endif

/* Prints a call's status and message. */
static void report(TYPE(_model) * m, int rc) {
  fprintf(out, "%d %s\n", rc, rc ? FN(_last_error)(m) : "");
}

static void errorCalls(TYPE(_model) * m) {
  TYPE(_state) *s = FN(_state_create)(m, 0, maxSrcLen);
  fprintf(out, "%s %s\n", s ? "made" : "null", FN(_last_error)(m));
  s = FN(_state_create)(m, 2, 0);
  fprintf(out, "%s %s\n", s ? "made" : "null", FN(_last_error)(m));
  s = FN(_state_create)(NULL, 2, maxSrcLen);
  fprintf(out, "%s\n", s ? "made" : "null");
  s = FN(_state_create)(m, 2, maxSrcLen);
  if (!s)
    call(m, 1, "state_create");
#ifdef TGT_VECTORS
  float prev[2 * TGT_DIM] = {0}, y[2 * TGT_DIM];
#else
  int32_t prev[2] = {0, 0};
  float y[2 * VOCAB];
#endif
  report(m, DECODE_STEP(m, s, NULL, 1, y));
  report(m, FN(_encode)(m, NULL, src, srcLen, 1, maxSrcLen));
  report(m, FN(_encode)(m, s, src, srcLen, 3, maxSrcLen));
  report(m, FN(_encode)(m, s, src, srcLen, 1, maxSrcLen + 1));
  report(m, FN(_encode)(m, s, NULL, srcLen, 1, maxSrcLen));
  fprintf(out, "%d\n", FN(_encode)(NULL, s, src, srcLen, 1, maxSrcLen));
  report(m, FN(_encode)(m, s, src, srcLen, 1, maxSrcLen));
  report(m, DECODE_STEP(m, s, NULL, 2, y));
  report(m, DECODE_STEP(m, s, NULL, 3, y));
  report(m, DECODE_STEP(m, s, NULL, 0, y));
  report(m, DECODE_STEP(m, s, NULL, 1, NULL));
#ifndef TGT_VECTORS
  prev[0] = VOCAB;
  report(m, FN(_decode_step)(m, s, prev, 1, y));
  prev[0] = -1;
  report(m, FN(_decode_step)(m, s, prev, 1, y));
  prev[0] = 0;
#endif
  int32_t from[2] = {1, 0};
  report(m, FN(_state_select)(m, s, NULL, 1));
  report(m, FN(_state_select)(m, s, from, 1));
  report(m, FN(_state_select)(m, s, from, 3));
  from[0] = 0;
  report(m, FN(_state_select)(m, s, from, 2));
  report(m, DECODE_STEP(m, s, prev, 2, y));
  /* Not a state at all, then a state of another model. */
  uint64_t notAState[16] = {0};
  report(m, DECODE_STEP(m, (TYPE(_state) *)notAState, prev, 1, y));
#ifdef OTHER
  S2S_CAT(OTHER, _model) *o = S2S_CAT(OTHER, _create)();
  S2S_CAT(OTHER, _state) *os = o ? S2S_CAT(OTHER, _state_create)(o, 2, maxSrcLen) : NULL;
  if (!os) {
    fprintf(stderr, "step_runner: the other model's state was not made\n");
    exit(4);
  }
  report(m, DECODE_STEP(m, (TYPE(_state) *)os, prev, 1, y));
  report(m, FN(_state_select)(m, (TYPE(_state) *)os, from, 1));
  S2S_CAT(OTHER, _state_destroy)(os);
  S2S_CAT(OTHER, _destroy)(o);
#endif
  fprintf(out, "%d\n", DECODE_STEP(NULL, s, prev, 1, y));
  FN(_state_destroy)(s);
  FN(_state_destroy)(NULL);
  fprintf(out, "end\n");
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: step_runner IN OUT [errors]\n");
    return 2;
  }
  FILE *in = fopen(argv[1], "r");
  if (!in || fscanf(in, "%d %d %d %d", &batch, &maxSrcLen, &maxOut, &nBest) != 4) {
    fprintf(stderr, "step_runner: cannot read %s\n", argv[1]);
    return 3;
  }
  size_t srcN = (size_t)batch * maxSrcLen * SRC_ROW;
  src = alloc(sizeof(src_t) * srcN);
  srcLen = alloc(sizeof(int32_t) * batch);
  for (size_t i = 0; i < srcN; ++i)
#ifdef SRC_VECTORS
    if (fscanf(in, "%f", &src[i]) != 1)
#else
    if (fscanf(in, "%d", &src[i]) != 1)
#endif
      return 3;
  for (int32_t b = 0; b < batch; ++b)
    if (fscanf(in, "%d", &srcLen[b]) != 1)
      return 3;
  fclose(in);
  out = fopen(argv[2], "w");
  TYPE(_model) *m = FN(_create)();
  if (!out || !m) {
    fprintf(stderr, "step_runner: cannot start\n");
    return 3;
  }
  if (argc == 4) {
    errorCalls(m);
  } else {
#if defined(TGT_VECTORS)
    compareVectors(m);
#elif defined(BEAM)
    compareBeam(m);
#else
    compareGreedy(m);
#endif
    fprintf(out, "compared %ld\n", compared);
  }
  FN(_destroy)(m);
  return fclose(out) != 0;
}
