/* An LD_PRELOAD shim for tests: malloc and aligned_alloc fail (NULL,
 * ENOMEM) for requests of S2S_FAIL_MALLOC_ABOVE bytes or more, as they do
 * when memory runs out. glibc's own entry points do the rest, so the shim
 * needs no dlsym (which allocates). */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

static size_t limit(void) {
  const char *s = getenv("S2S_FAIL_MALLOC_ABOVE");
  return s ? (size_t)strtoull(s, NULL, 10) : (size_t)-1;
}

void *malloc(size_t size) {
  if (size >= limit()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_malloc(size);
}

void *aligned_alloc(size_t alignment, size_t size) {
  if (size >= limit()) {
    errno = ENOMEM;
    return NULL;
  }
  return __libc_memalign(alignment, size);
}
