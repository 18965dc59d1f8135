/*===- threads.c - Eight threads on distinct models, two libraries -------===*\
 *
 * Built by TestConcurrency against two generated token libraries linked
 * into one program (same vocabularies and length limit, different weights):
 *
 *   cc threads.c -include A/A.h -include B/B.h -DMODEL=A -DMODEL2=B \
 *      -DSRC_VOCAB=V -DTGT_VOCAB=W -DMAX_LENGTH=N A/libA.a B/libB.a ...
 *
 * Each model is first run alone, one thread, as the expected result. Then
 * eight threads each create their own model object (even threads model A,
 * odd ones model B), translate ROUNDS times and compare tokens, lengths and
 * logits bit for bit with the expected result; each then makes a call that
 * is wrong in its own way, waits until every thread has, and checks that its
 * own object's message is its own error; then translates once more.
 *
 * With -DEXPECT_KERNEL_ERROR_2, model 2 is a library whose kernels fail
 * (a CUDA build on a machine without a GPU) and is created first, so model
 * 1's NAME_create installs the Halide error handler last: each thread on
 * model 2 must then see a failure whose message carries Halide's own text
 * ("a kernel failed with status N: <message>"), on its own object, while
 * the threads on model 1 keep their bit-identical results.
 *
 * Prints "threads: all checks passed (N checks)" or FAIL lines.
 *
\*===----------------------------------------------------------------------===*/

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if !defined(MODEL) || !defined(MODEL2) || !defined(SRC_VOCAB) ||              \
    !defined(TGT_VOCAB) || !defined(MAX_LENGTH)
#error "compile with -DMODEL= -DMODEL2= -DSRC_VOCAB= -DTGT_VOCAB= -DMAX_LENGTH="
#endif

#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)

#define THREADS 8
#define ROUNDS 12
#define BATCH 3
#define MAX_SRC 5

static const int32_t kLengths[BATCH] = {5, 2, 4};

static pthread_mutex_t failLock = PTHREAD_MUTEX_INITIALIZER;
static int failures, checks;

#define CHECK(cond, ...)                                                       \
  do {                                                                         \
    pthread_mutex_lock(&failLock);                                             \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      printf("FAIL (threads.c:%d): ", __LINE__);                               \
      printf(__VA_ARGS__);                                                     \
      printf("\n");                                                            \
    }                                                                          \
    pthread_mutex_unlock(&failLock);                                           \
  } while (0)

/* One model of the two: its C API as function pointers. */
typedef struct {
  const char *name;
  void *(*create)(void);
  void (*destroy)(void *);
  const char *(*lastError)(const void *);
  int (*translate)(void *, const int32_t *, const int32_t *, int32_t, int32_t,
                   int32_t *, int32_t *, int32_t, float *);
  int expectKernelError;
  /* The single-threaded result. */
  int32_t out[BATCH * MAX_LENGTH], outLen[BATCH];
  float logits[BATCH * MAX_LENGTH * TGT_VOCAB];
} Api;

#define API(m, kernelError)                                                    \
  {                                                                            \
    #m, (void *(*)(void))CAT(m, _create), (void (*)(void *))CAT(m, _destroy),  \
        (const char *(*)(const void *))CAT(m, _last_error),                    \
        (int (*)(void *, const int32_t *, const int32_t *, int32_t, int32_t,   \
                 int32_t *, int32_t *, int32_t, float *))CAT(m, _translate),   \
        kernelError, {0}, {0}, {0}                                             \
  }

#ifdef EXPECT_KERNEL_ERROR_2
#define KERNEL_ERROR_2 1
#else
#define KERNEL_ERROR_2 0
#endif

static Api models[2] = {API(MODEL, 0), API(MODEL2, KERNEL_ERROR_2)};
static int32_t src[BATCH * MAX_SRC];
static pthread_barrier_t barrier;

typedef struct {
  int32_t out[BATCH * MAX_LENGTH], outLen[BATCH];
  float logits[BATCH * MAX_LENGTH * TGT_VOCAB];
} Result;

static int run(const Api *api, void *m, const int32_t *lengths, Result *r) {
  memset(r, 0xA5, sizeof *r);
  return api->translate(m, src, lengths, BATCH, MAX_SRC, r->out, r->outLen,
                        MAX_LENGTH, r->logits);
}

static int sameAsExpected(const Api *api, const Result *r) {
  return memcmp(api->out, r->out, sizeof r->out) == 0 &&
         memcmp(api->outLen, r->outLen, sizeof r->outLen) == 0 &&
         memcmp(api->logits, r->logits, sizeof r->logits) == 0;
}

/* A failure reported by the kernels: "a kernel failed with status N: M"
 * with a non-empty M. */
static int isKernelError(const char *message) {
  const char *prefix = "a kernel failed with status ";
  if (strncmp(message, prefix, strlen(prefix)) != 0)
    return 0;
  const char *colon = strstr(message + strlen(prefix), ": ");
  return colon && colon[2] != '\0';
}

static void *worker(void *arg) {
  int t = (int)(intptr_t)arg;
  const Api *api = &models[t % 2];
  void *m = api->create();
  CHECK(m != NULL, "thread %d: %s_create returned NULL", t, api->name);
  Result *r = malloc(sizeof *r);
  if (!m || !r) {
    /* Keep the barrier count right so the other threads go on. */
    pthread_barrier_wait(&barrier);
    pthread_barrier_wait(&barrier);
    free(r);
    return NULL;
  }
  for (int round = 0; round < ROUNDS; ++round) {
    int rc = run(api, m, kLengths, r);
    if (api->expectKernelError) {
      const char *message = api->lastError(m);
      CHECK(rc != 0 && isKernelError(message),
            "thread %d round %d: %s returned %d with message '%s' (expected a "
            "kernel failure with Halide's message)",
            t, round, api->name, rc, message);
    } else {
      CHECK(rc == 0 && sameAsExpected(api, r),
            "thread %d round %d: %s returned %d (%s) or a result that differs "
            "from the single-threaded one",
            t, round, api->name, rc, api->lastError(m));
    }
  }
  /* Every thread's own bad call: src_len[row] = 0, row and message differ
   * per thread; each object must keep its own. */
  int32_t lengths[BATCH];
  memcpy(lengths, kLengths, sizeof lengths);
  int row = t % BATCH;
  lengths[row] = -t;
  int rc = run(api, m, lengths, r);
  pthread_barrier_wait(&barrier);
  char want[128];
  snprintf(want, sizeof want, "src_len[%d] = %d is outside 1..%d (max_src_len)",
           row, -t, MAX_SRC);
  CHECK(rc != 0 && strcmp(api->lastError(m), want) == 0,
        "thread %d: %s returned %d with message '%s', expected '%s'", t,
        api->name, rc, api->lastError(m), want);
  pthread_barrier_wait(&barrier);
  rc = run(api, m, kLengths, r);
  if (!api->expectKernelError)
    CHECK(rc == 0 && sameAsExpected(api, r),
          "thread %d: %s after its error returned %d or a different result", t,
          api->name, rc);
  free(r);
  api->destroy(m);
  return NULL;
}

int main(void) {
  for (int i = 0; i < BATCH * MAX_SRC; ++i)
    src[i] = (i * 7 + 3) % SRC_VOCAB;
  /* Model 2 first: model 1's create installs the error handler last. */
  for (int i = 1; i >= 0; --i) {
    Api *api = &models[i];
    void *m = api->create();
    CHECK(m != NULL, "%s_create returned NULL", api->name);
    if (!m)
      continue;
    int rc = api->translate(m, src, kLengths, BATCH, MAX_SRC, api->out,
                            api->outLen, MAX_LENGTH, api->logits);
    if (api->expectKernelError)
      CHECK(rc != 0 && isKernelError(api->lastError(m)),
            "%s alone returned %d with message '%s' (expected a kernel failure)",
            api->name, rc, api->lastError(m));
    else
      CHECK(rc == 0, "%s alone returned %d: %s", api->name, rc,
            api->lastError(m));
    api->destroy(m);
  }
  if (failures) {
    printf("threads: %d of %d checks failed before the threads ran\n", failures,
           checks);
    return 1;
  }
  pthread_barrier_init(&barrier, NULL, THREADS);
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; ++t)
    if (pthread_create(&threads[t], NULL, worker, (void *)(intptr_t)t) != 0) {
      printf("FAIL: pthread_create\n");
      return 1;
    }
  for (int t = 0; t < THREADS; ++t)
    pthread_join(threads[t], NULL);
  pthread_barrier_destroy(&barrier);
  if (failures) {
    printf("threads: %d of %d checks failed\n", failures, checks);
    return 1;
  }
  printf("threads: all checks passed (%d checks)\n", checks);
  return 0;
}
