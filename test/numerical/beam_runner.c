/*===- beam_runner.c - Runs a beam-search model's n-best and best calls ---===*\
 *
 * Built by TestBeam as runner.c is (-include DIR/NAME.h -DMODEL=NAME).
 * `beam_runner IN OUT`: IN is text, "batch max_src_len max_out n_best",
 * then batch * max_src_len source ids and batch lengths. OUT is text:
 *
 *   status of NAME_translate_nbest, status of NAME_translate, guards (1:
 *   nothing written past any output buffer, and the call with scores NULL
 *   gave the same tokens)
 *   per row and hypothesis: length, score, max_out tokens
 *   per row, NAME_translate's result: length, max_out tokens
 *   NAME_last_error's message when a status is non-zero
 *
 * `beam_runner IN OUT K` instead makes the calls the beam checks refuse
 * (n_best 0 and K + 1, NAME_translate with logits) and writes each one's
 * status and message, a line each.
 *
\*===----------------------------------------------------------------------===*/

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S2S_CAT2(a, b) a##b
#define S2S_CAT(a, b) S2S_CAT2(a, b)
#define FN(suffix) S2S_CAT(MODEL, suffix)

#define CANARY 8
#define CANARY_BITS 0x5a5a5a5a

/* n int32s (or floats) with CANARY guard elements after them. */
static int32_t *guarded(size_t n) {
  int32_t *p = malloc((n + CANARY) * sizeof(int32_t));
  if (!p) {
    fprintf(stderr, "beam_runner: out of memory\n");
    exit(3);
  }
  for (size_t i = 0; i < n + CANARY; ++i)
    p[i] = CANARY_BITS;
  return p;
}

static int intact(const int32_t *p, size_t n) {
  for (size_t i = n; i < n + CANARY; ++i)
    if (p[i] != CANARY_BITS)
      return 0;
  return 1;
}

static int readInts(FILE *f, int32_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (fscanf(f, "%d", &p[i]) != 1)
      return 0;
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 3 && argc != 4) {
    fprintf(stderr, "usage: beam_runner IN OUT [K]\n");
    return 2;
  }
  FILE *in = fopen(argv[1], "r");
  int32_t batch, maxSrcLen, maxOut, nBest;
  if (!in || fscanf(in, "%d %d %d %d", &batch, &maxSrcLen, &maxOut, &nBest) != 4) {
    fprintf(stderr, "beam_runner: cannot read %s\n", argv[1]);
    return 3;
  }
  size_t srcN = (size_t)batch * maxSrcLen, hyps = (size_t)batch * nBest;
  int32_t *src = guarded(srcN), *srcLen = guarded(batch);
  if (!readInts(in, src, srcN) || !readInts(in, srcLen, batch)) {
    fprintf(stderr, "beam_runner: short input %s\n", argv[1]);
    return 3;
  }
  fclose(in);

  FN(_model) *m = FN(_create)();
  if (!m) {
    fprintf(stderr, "beam_runner: create failed: %s\n", FN(_last_error)(NULL));
    return 3;
  }
  if (argc == 4) {
    int32_t width = atoi(argv[3]);
    int32_t *out = guarded((size_t)batch * (width + 1) * maxOut);
    int32_t *outLen = guarded((size_t)batch * (width + 1));
    float *logits = (float *)guarded((size_t)batch * maxOut * 64);
    FILE *o = fopen(argv[2], "w");
    if (!o)
      return 3;
    for (int32_t bad = 0; bad < 3; ++bad) {
      int rc = bad == 2 ? FN(_translate)(m, src, srcLen, batch, maxSrcLen, out, outLen, maxOut,
                                         logits)
                        : FN(_translate_nbest)(m, src, srcLen, batch, maxSrcLen,
                                               bad == 0 ? 0 : width + 1, out, outLen, maxOut,
                                               NULL);
      fprintf(o, "%d %s\n", rc, FN(_last_error)(m));
    }
    FN(_destroy)(m);
    return fclose(o) == 0 ? 0 : 3;
  }
  int32_t *out = guarded(hyps * maxOut), *outLen = guarded(hyps);
  float *scores = (float *)guarded(hyps);
  int rcNbest = FN(_translate_nbest)(m, src, srcLen, batch, maxSrcLen, nBest, out, outLen, maxOut,
                                     scores);
  int guards = intact(out, hyps * maxOut) && intact(outLen, hyps) &&
               intact((const int32_t *)scores, hyps);
  /* Without scores: the same hypotheses. */
  int32_t *out2 = guarded(hyps * maxOut), *outLen2 = guarded(hyps);
  int rc2 = FN(_translate_nbest)(m, src, srcLen, batch, maxSrcLen, nBest, out2, outLen2, maxOut,
                                 NULL);
  if (rc2 != rcNbest || (rcNbest == 0 && (memcmp(out, out2, hyps * maxOut * 4) != 0 ||
                                          memcmp(outLen, outLen2, hyps * 4) != 0)))
    guards = 0;
  char error[512] = "";
  if (rcNbest != 0)
    snprintf(error, sizeof error, "%s", FN(_last_error)(m));

  int32_t *best = guarded((size_t)batch * maxOut), *bestLen = guarded(batch);
  int rcBest = FN(_translate)(m, src, srcLen, batch, maxSrcLen, best, bestLen, maxOut, NULL);
  guards = guards && intact(best, (size_t)batch * maxOut) && intact(bestLen, batch);
  if (rcBest != 0 && error[0] == '\0')
    snprintf(error, sizeof error, "%s", FN(_last_error)(m));

  FILE *o = fopen(argv[2], "w");
  if (!o) {
    fprintf(stderr, "beam_runner: cannot write %s\n", argv[2]);
    return 3;
  }
  fprintf(o, "%d %d %d\n", rcNbest, rcBest, guards);
  for (size_t h = 0; h < hyps; ++h) {
    fprintf(o, "%d %.9g", outLen[h], scores[h]);
    for (int32_t t = 0; t < maxOut; ++t)
      fprintf(o, " %d", out[h * maxOut + t]);
    fprintf(o, "\n");
  }
  for (int32_t b = 0; b < batch; ++b) {
    fprintf(o, "%d", bestLen[b]);
    for (int32_t t = 0; t < maxOut; ++t)
      fprintf(o, " %d", best[(size_t)b * maxOut + t]);
    fprintf(o, "\n");
  }
  fprintf(o, "%s\n", error);
  FN(_destroy)(m);
  return fclose(o) == 0 ? 0 : 3;
}
