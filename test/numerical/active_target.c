/* Prints which variant of a multi-target library this CPU runs
 * (MODEL_active_target) and whether MODEL_create accepts the CPU: exit 0
 * with "active: TARGET", or exit 3 with "active: (none)" and the reason
 * from MODEL_last_error(NULL). Built by TestMultiTarget with -DMODEL=name
 * and the model's header included. */
#include <stdio.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define API(fn) CAT(MODEL, fn)

int main(void) {
  const char *active = API(_active_target)();
  printf("active: %s\n", active ? active : "(none)");
  API(_model) *m = API(_create)();
  if (!m) {
    printf("create failed: %s\n", API(_last_error)(NULL));
    return 3;
  }
  API(_destroy)(m);
  return 0;
}
