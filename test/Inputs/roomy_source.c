/* Translates one 3-token source twice with the model of Inputs/tiny.yaml
 * (tiny.h): with max_src_len = 3 and with max_src_len = 2^28 (the caller
 * says it has room for that many, uses 3). The library's internal buffers
 * must follow the lengths, not the room: both calls succeed with the same
 * tokens even when every allocation above 1 MB fails (malloc_fail.so). */
#include "tiny.h"
#include <stdio.h>
#include <string.h>

int main(void) {
  tiny_model *m = tiny_create();
  if (!m) {
    puts("create failed");
    return 1;
  }
  int32_t src[3] = {1, 3, 4}, len[1] = {3}, a[4], b[4], na[1], nb[1];
  int rcA = tiny_translate(m, src, len, 1, 3, a, na, 4, NULL);
  int rcB = tiny_translate(m, src, len, 1, 1 << 28, b, nb, 4, NULL);
  if (rcA || rcB)
    printf("rc=%d,%d error: %s\n", rcA, rcB, tiny_last_error(m));
  else
    printf("rc=0 same=%d\n", na[0] == nb[0] && memcmp(a, b, sizeof a) == 0);
  tiny_destroy(m);
  return 0;
}
