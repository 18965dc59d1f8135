/* Translates one source of 200000 tokens with the model of Inputs/tiny.yaml
 * (tiny.h) and prints the status and message: its internal buffers grow
 * with the source (a few MB), the caller's are static. */
#include "tiny.h"
#include <stdio.h>

enum { kLen = 200000 };
static int32_t src[kLen];

int main(void) {
  tiny_model *m = tiny_create();
  if (!m) {
    puts("create failed");
    return 1;
  }
  for (int i = 0; i < kLen; ++i)
    src[i] = 1 + i % 4;
  int32_t len[1] = {kLen}, out[4], n[1];
  int rc = tiny_translate(m, src, len, 1, kLen, out, n, 4, NULL);
  if (rc)
    printf("rc=%d error: %s\n", rc, tiny_last_error(m));
  else
    printf("rc=0 tokens=%d\n", n[0]);
  tiny_destroy(m);
  return 0;
}
