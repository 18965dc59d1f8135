/* The step-wise API of Inputs/tiny.yaml (tiny.h, 6 floats a state row) when
 * memory runs out, under malloc_fail.so: each call's failure is a message
 * and a non-zero status, and a state whose encode or step failed holds no
 * decoder state (its rows may be half written). The limit is set between
 * calls (malloc_fail.so reads it on every request), so that what the
 * program itself needs is made first. Prints one line per call. */
#include "tiny.h"
#include <stdio.h>
#include <stdlib.h>

enum { kRows = 50000, kLen = 5 };
static int32_t src[kRows * kLen], len[kRows], from[kRows], prev[kRows];
static float logits[kRows * TINY_TARGET_VOCAB];

static void limit(int on) {
  if (on)
    setenv("S2S_FAIL_MALLOC_ABOVE", "1000000", 1);
  else
    unsetenv("S2S_FAIL_MALLOC_ABOVE");
}

static void report(tiny_model *m, const char *call, int rc) {
  printf("%s: rc=%d %s\n", call, rc, rc ? tiny_last_error(m) : "");
}

int main(void) {
  for (int i = 0; i < kRows * kLen; ++i)
    src[i] = 1 + i % 4;
  for (int i = 0; i < kRows; ++i)
    len[i] = kLen, from[i] = 0, prev[i] = 3;
  tiny_model *m = tiny_create();
  if (!m)
    return puts("create failed"), 1;
  limit(1);
  tiny_state *s = tiny_state_create(m, kRows, kLen); /* 1.2 MB of rows */
  printf("state_create: %s %s\n", s ? "made" : "null", tiny_last_error(m));
  limit(0);
  s = tiny_state_create(m, kRows, kLen);
  if (!s)
    return puts("state_create failed"), 1;
  limit(1);
  report(m, "encode", tiny_encode(m, s, src, len, kRows, kLen)); /* 1 MB of ids */
  report(m, "decode_step after it", tiny_decode_step(m, s, NULL, 1, logits));
  limit(0);
  report(m, "encode", tiny_encode(m, s, src, len, kRows, kLen));
  limit(1);
  report(m, "state_select", tiny_state_select(m, s, from, kRows)); /* a 1.2 MB copy */
  report(m, "decode_step", tiny_decode_step(m, s, prev, kRows, logits)); /* 1.6 MB of gates */
  report(m, "decode_step after it", tiny_decode_step(m, s, prev, 1, logits));
  limit(0);
  report(m, "encode", tiny_encode(m, s, src, len, 1, kLen));
  report(m, "decode_step", tiny_decode_step(m, s, prev, 1, logits));
  tiny_state_destroy(s);
  tiny_destroy(m);
  return 0;
}
