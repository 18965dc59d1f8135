/*===- api_errors.c - Argument checking of a generated C API -------------===*\
 *
 * Built by TestApiErrors against one generated library:
 *
 *   cc api_errors.c -include DIR/NAME.h -DMODEL=NAME -DSRC_VOCAB=V \
 *      -DTGT_VOCAB=W -DMAX_LENGTH=N DIR/libNAME.a -lpthread -ldl -lm
 *
 * Every bad argument of SPEC.md ("NULL pointers, batch < 1, lengths out of
 * range, token ids outside the vocabulary, max_out < 1") must give a
 * non-zero return, a non-empty NAME_last_error naming the offending
 * argument, and no write to any output buffer (each is filled with a
 * sentinel and guarded by canaries on both sides). It also checks what must
 * be accepted: logits == NULL, out-of-vocabulary ids in padded positions
 * (they are never read), a model that keeps working after errors, and two
 * models used from two threads at once.
 *
\*===----------------------------------------------------------------------===*/

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(MODEL) || !defined(SRC_VOCAB) || !defined(TGT_VOCAB) ||           \
    !defined(MAX_LENGTH)
#error "compile with -DMODEL= -DSRC_VOCAB= -DTGT_VOCAB= -DMAX_LENGTH= -include"
#endif

#define S2S_CAT2(a, b) a##b
#define S2S_CAT(a, b) S2S_CAT2(a, b)
#define FN(suffix) S2S_CAT(MODEL, suffix)
#define STR2(x) #x
#define STR(x) STR2(x)

typedef FN(_model) Model;

static int failures;
static int checks;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      printf("FAIL (api_errors.c:%d): ", __LINE__);                            \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
    }                                                                          \
  } while (0)

#define CANARY 8
#define SENTINEL 0x7e57a11u

/* n usable 4-byte elements, sentinel-filled, with CANARY guards each side. */
typedef struct {
  uint32_t *raw;
  size_t n;
} Buf;

static Buf bufNew(size_t n) {
  Buf b;
  size_t i;
  b.n = n;
  b.raw = (uint32_t *)malloc((n + 2 * CANARY) * sizeof(uint32_t));
  if (!b.raw) {
    printf("out of memory\n");
    exit(2);
  }
  for (i = 0; i < n + 2 * CANARY; ++i)
    b.raw[i] = SENTINEL;
  return b;
}

static void *bufData(Buf b) { return b.raw + CANARY; }

/* 1 when nothing in the buffer or its guards changed. */
static int bufUntouched(Buf b) {
  size_t i;
  for (i = 0; i < b.n + 2 * CANARY; ++i)
    if (b.raw[i] != SENTINEL)
      return 0;
  return 1;
}

static int guardsIntact(Buf b) {
  size_t i;
  for (i = 0; i < CANARY; ++i)
    if (b.raw[i] != SENTINEL || b.raw[CANARY + b.n + i] != SENTINEL)
      return 0;
  return 1;
}

static int containsIgnoreCase(const char *hay, const char *needle) {
  size_t n = strlen(needle), i, j;
  for (i = 0; hay[i]; ++i) {
    for (j = 0; j < n; ++j) {
      char a = hay[i + j], b = needle[j];
      if (a >= 'A' && a <= 'Z')
        a = (char)(a - 'A' + 'a');
      if (b >= 'A' && b <= 'Z')
        b = (char)(b - 'A' + 'a');
      if (a != b)
        break;
    }
    if (j == n)
      return 1;
  }
  return 0;
}

/* A call's arguments; the flags drop a pointer to NULL. */
typedef struct {
  const int32_t *src;
  const int32_t *srcLen;
  int32_t batch, maxSrcLen, maxOut;
  int nullOut, nullOutLen, withLogits;
  /* Buffer sizes (the real batch/max_out may be invalid numbers). */
  size_t allocBatch, allocMaxOut;
} Call;

/* Runs a call that must fail; `needle`/`alt` must appear in the message. */
static void expectError(Model *m, const char *what, Call c, const char *needle,
                        const char *alt) {
  size_t vocabRow = TGT_VOCAB;
  Buf out = bufNew(c.allocBatch * c.allocMaxOut);
  Buf outLen = bufNew(c.allocBatch);
  Buf logits = bufNew(c.allocBatch * c.allocMaxOut * vocabRow);
  int rc =
      FN(_translate)(m, c.src, c.srcLen, c.batch, c.maxSrcLen,
                     c.nullOut ? NULL : (int32_t *)bufData(out),
                     c.nullOutLen ? NULL : (int32_t *)bufData(outLen), c.maxOut,
                     c.withLogits ? (float *)bufData(logits) : NULL);
  CHECK(rc != 0, "%s: translate returned 0", what);
  if (rc != 0 && m) {
    const char *msg = FN(_last_error)(m);
    CHECK(msg != NULL && msg[0] != '\0', "%s: empty last_error", what);
    if (msg && msg[0]) {
      CHECK(containsIgnoreCase(msg, needle) ||
                (alt && containsIgnoreCase(msg, alt)),
            "%s: last_error \"%s\" does not mention '%s'%s%s", what, msg,
            needle, alt ? " or " : "", alt ? alt : "");
      printf("  ok  %-46s -> \"%s\"\n", what, msg);
    }
  }
  CHECK(bufUntouched(out), "%s: out was written", what);
  CHECK(bufUntouched(outLen), "%s: out_len was written", what);
  CHECK(bufUntouched(logits), "%s: logits were written", what);
  free(out.raw);
  free(outLen.raw);
  free(logits.raw);
}

/* A valid call; returns rc and fills out/outLen (sized exactly). */
static int validCall(Model *m, const int32_t *src, const int32_t *srcLen,
                     int32_t batch, int32_t maxSrcLen, int32_t maxOut,
                     int32_t *outCopy, int32_t *outLenCopy, const char *what) {
  Buf out = bufNew((size_t)batch * maxOut);
  Buf outLen = bufNew((size_t)batch);
  int rc =
      FN(_translate)(m, src, srcLen, batch, maxSrcLen, (int32_t *)bufData(out),
                     (int32_t *)bufData(outLen), maxOut, NULL);
  CHECK(rc == 0, "%s: translate returned %d (%s)", what, rc,
        rc ? FN(_last_error)(m) : "");
  CHECK(guardsIntact(out) && guardsIntact(outLen),
        "%s: wrote outside the caller's buffers", what);
  if (rc == 0) {
    int32_t b, steps = maxOut < MAX_LENGTH ? maxOut : MAX_LENGTH;
    const int32_t *ol = (const int32_t *)bufData(outLen);
    for (b = 0; b < batch; ++b)
      CHECK(ol[b] >= 1 && ol[b] <= steps, "%s: out_len[%d] = %d outside 1..%d",
            what, (int)b, (int)ol[b], (int)steps);
    if (outCopy)
      memcpy(outCopy, bufData(out), (size_t)batch * maxOut * sizeof(int32_t));
    if (outLenCopy)
      memcpy(outLenCopy, bufData(outLen), (size_t)batch * sizeof(int32_t));
  }
  free(out.raw);
  free(outLen.raw);
  return rc;
}

/* Thread check: each thread owns one model and translates the same input. */
typedef struct {
  const int32_t *src, *srcLen;
  int32_t out[3 * MAX_LENGTH], outLen[3];
  int rc, created;
} Job;

static void *threadMain(void *arg) {
  Job *j = (Job *)arg;
  int it;
  Model *m = FN(_create)();
  j->created = m != NULL;
  j->rc = -1;
  if (!m)
    return NULL;
  for (it = 0; it < 20; ++it) {
    j->rc = FN(_translate)(m, j->src, j->srcLen, 3, 4, j->out, j->outLen,
                           MAX_LENGTH, NULL);
    if (j->rc)
      break;
  }
  FN(_destroy)(m);
  return NULL;
}

int main(void) {
  /* A valid batch of 3, max_src_len 4. */
  const int32_t src[12] = {1 % SRC_VOCAB,
                           2 % SRC_VOCAB,
                           3 % SRC_VOCAB,
                           4 % SRC_VOCAB,
                           5 % SRC_VOCAB,
                           6 % SRC_VOCAB,
                           0,
                           0,
                           7 % SRC_VOCAB,
                           8 % SRC_VOCAB,
                           9 % SRC_VOCAB,
                           0};
  const int32_t srcLen[3] = {4, 2, 3};
  Model *m = FN(_create)();
  Call ok, c;
  int32_t refOut[3 * MAX_LENGTH], refLen[3];

  printf("api_errors for model %s (source vocab %d, max_length %d)\n",
         STR(MODEL), SRC_VOCAB, MAX_LENGTH);
  CHECK(m != NULL, "create returned NULL");
  if (!m)
    return 1;

  ok.src = src;
  ok.srcLen = srcLen;
  ok.batch = 3;
  ok.maxSrcLen = 4;
  ok.maxOut = MAX_LENGTH;
  ok.nullOut = ok.nullOutLen = 0;
  ok.withLogits = 0;
  ok.allocBatch = 3;
  ok.allocMaxOut = MAX_LENGTH;

  /* A NULL model: nothing to read an error from, but it must fail. */
  expectError(NULL, "model == NULL", ok, "", NULL);

  c = ok;
  c.src = NULL;
  expectError(m, "src == NULL", c, "src", NULL);
  c = ok;
  c.srcLen = NULL;
  expectError(m, "src_len == NULL", c, "src_len", NULL);
  c = ok;
  c.nullOut = 1;
  expectError(m, "out == NULL", c, "out", NULL);
  c = ok;
  c.nullOutLen = 1;
  expectError(m, "out_len == NULL", c, "out_len", NULL);

  c = ok;
  c.batch = 0;
  expectError(m, "batch == 0", c, "batch", NULL);
  c = ok;
  c.batch = -3;
  expectError(m, "batch == -3", c, "batch", NULL);

  c = ok;
  c.maxSrcLen = 0;
  expectError(m, "max_src_len == 0", c, "max_src_len", NULL);
  c = ok;
  c.maxSrcLen = -1;
  expectError(m, "max_src_len == -1", c, "max_src_len", NULL);

  {
    int32_t bad[3] = {4, 0, 3};
    c = ok;
    c.srcLen = bad;
    expectError(m, "src_len[1] == 0", c, "src_len", NULL);
  }
  {
    int32_t bad[3] = {4, 2, -2};
    c = ok;
    c.srcLen = bad;
    expectError(m, "src_len[2] == -2", c, "src_len", NULL);
  }
  {
    int32_t bad[3] = {5, 2, 3}; /* > max_src_len */
    c = ok;
    c.srcLen = bad;
    expectError(m, "src_len[0] == max_src_len + 1", c, "src_len", NULL);
  }
  {
    int32_t bad[12];
    memcpy(bad, src, sizeof bad);
    bad[5] = -1; /* seq 1, position 1 < src_len 2 */
    c = ok;
    c.src = bad;
    expectError(m, "token -1 in a valid position", c, "vocab", "token");
  }
  {
    int32_t bad[12];
    memcpy(bad, src, sizeof bad);
    bad[10] = SRC_VOCAB; /* last valid position of the last sequence */
    c = ok;
    c.src = bad;
    expectError(m, "token == vocab in a valid position", c, "vocab", "token");
  }
  {
    int32_t bad[12];
    memcpy(bad, src, sizeof bad);
    bad[0] = 1 << 30;
    c = ok;
    c.src = bad;
    expectError(m, "token 2^30 at the first position", c, "vocab", "token");
  }

  c = ok;
  c.maxOut = 0;
  expectError(m, "max_out == 0", c, "max_out", NULL);
  c = ok;
  c.maxOut = -5;
  expectError(m, "max_out == -5", c, "max_out", NULL);

  /* With logits requested too, an error still writes nothing. */
  c = ok;
  c.batch = 0;
  c.withLogits = 1;
  expectError(m, "batch == 0 with logits", c, "batch", NULL);

  /* Accepted: logits == NULL, and junk ids in padded positions. */
  validCall(m, src, srcLen, 3, 4, MAX_LENGTH, refOut, refLen,
            "valid call after errors");
  {
    int32_t padded[12];
    int32_t out1[3 * MAX_LENGTH], len1[3];
    memcpy(padded, src, sizeof padded);
    padded[6] = -7; /* seq 1 positions 2, 3 are padding */
    padded[7] = 99999;
    padded[11] = SRC_VOCAB; /* seq 2 position 3 is padding */
    if (validCall(m, padded, srcLen, 3, 4, MAX_LENGTH, out1, len1,
                  "out-of-vocabulary ids in padded positions") == 0) {
      int32_t b;
      for (b = 0; b < 3; ++b)
        CHECK(len1[b] == refLen[b] &&
                  memcmp(out1 + b * MAX_LENGTH, refOut + b * MAX_LENGTH,
                         (size_t)len1[b] * sizeof(int32_t)) == 0,
              "padding values changed the result of sequence %d", (int)b);
      printf("  ok  %-46s\n", "padded positions are not read");
    }
  }
  /* A fresh model gives what the one that saw all the errors gives. */
  {
    Model *fresh = FN(_create)();
    int32_t out2[3 * MAX_LENGTH], len2[3];
    CHECK(fresh != NULL, "second create returned NULL");
    if (fresh && validCall(fresh, src, srcLen, 3, 4, MAX_LENGTH, out2, len2,
                           "fresh model") == 0) {
      int32_t b;
      for (b = 0; b < 3; ++b)
        CHECK(len2[b] == refLen[b] &&
                  memcmp(out2 + b * MAX_LENGTH, refOut + b * MAX_LENGTH,
                         (size_t)len2[b] * sizeof(int32_t)) == 0,
              "errors changed the model's later results (sequence %d)", (int)b);
      printf("  ok  %-46s\n", "errors leave the model usable");
    }
    if (fresh)
      FN(_destroy)(fresh);
  }
  /* Distinct model objects on two threads at once. */
  {
    pthread_t t[2];
    Job jobs[2];
    int k;
    for (k = 0; k < 2; ++k) {
      jobs[k].src = src;
      jobs[k].srcLen = srcLen;
      pthread_create(&t[k], NULL, threadMain, &jobs[k]);
    }
    for (k = 0; k < 2; ++k) {
      int32_t b;
      pthread_join(t[k], NULL);
      CHECK(jobs[k].created && jobs[k].rc == 0, "thread %d failed", k);
      if (jobs[k].rc == 0)
        for (b = 0; b < 3; ++b)
          CHECK(jobs[k].outLen[b] == refLen[b] &&
                    memcmp(jobs[k].out + b * MAX_LENGTH,
                           refOut + b * MAX_LENGTH,
                           (size_t)refLen[b] * sizeof(int32_t)) == 0,
                "thread %d, sequence %d differs from the serial result", k,
                (int)b);
    }
    printf("  ok  %-46s\n", "two models on two threads");
  }

  FN(_destroy)(m);
  printf("%d checks, %d failed\n", checks, failures);
  if (failures)
    return 1;
  printf("api_errors: all checks passed\n");
  return 0;
}
